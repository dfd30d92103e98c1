#!/usr/bin/python3
"""Writes the PyTorch side of a parity check between the seed's NiN and NiN for Java.

The network is the seed's (d2l lecture 26, "Network in Network"): its ``nin_block`` verbatim and its
``nn.Sequential`` layout, generalised only in the blocks' sizes so that a narrow network keeps the
committed fixture small. It is initialised as d2l's ``train_ch6`` does (``xavier_uniform_`` on every
Conv2d weight, PyTorch's default biases) after ``torch.manual_seed(SEED)``.

Files written to OUT (each atomically: a temporary file, then a rename):
  weights.npz     the initial ``state_dict()``, entry names exactly its keys (0.0.weight, ...)
  batch.npz       ``input`` (N, C, H, W) from torch.rand, ``labels`` (N,) int64,
                  ``logits`` (N, classes) in evaluation mode, ``loss`` () nn.CrossEntropyLoss (mean)
  after_step.npz  the ``state_dict()`` after ONE step of torch.optim.SGD(lr) on that loss
  fixture.json    the architecture and how the files were made

Dropout is disabled for the SGD step by putting the model in evaluation mode (``model.eval()``),
so the step is deterministic; the Java side runs its forward pass with training=false likewise.
Every other layer (Conv2d, ReLU, MaxPool2d, AdaptiveAvgPool2d, Flatten) computes the same in both
modes.

Runs with Debian's python3-torch (1.13) and python3-numpy; hence /usr/bin/python3 above.
The defaults regenerate nin-core/src/test/resources/parity; bench/parity passes the seed's full network.
After regenerating the committed fixture, update its SHA256SUMS (generators/README.md).
"""

import argparse
import json
import os
import sys
import tempfile

import numpy as np
import torch
from torch import nn

# The seed's network (seed_nin.py) lives in bench/ with the rest of the seed's code.
sys.path.append(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bench"))
from seed_nin import init_weights, nin_block, nin_net  # noqa: E402

# The seed's blocks as CHANNELS:KERNEL:STRIDE:PADDING, the form `nin --block` takes.
SEED_BLOCKS = "96:11:4:0,256:5:1:2,384:3:1:1,10:3:1:1"
# The committed fixture: the seed's kernels, strides and paddings with narrow blocks.
FIXTURE_BLOCKS = "8:11:4:0,16:5:1:2,24:3:1:1,10:3:1:1"


def nin(in_channels, blocks, dropout=0.5):
    """The seed's layout for any blocks: max-pooling after every block but the last, dropout
    before the last, then global average pooling and flattening."""
    layers = []
    channels = in_channels
    for i, (out, kernel, stride, padding) in enumerate(blocks):
        last = i == len(blocks) - 1
        if last:
            layers.append(nn.Dropout(dropout))
        layers.append(nin_block(channels, out, kernel, stride, padding))
        if not last:
            layers.append(nn.MaxPool2d(3, stride=2))
        channels = out
    layers += [nn.AdaptiveAvgPool2d((1, 1)), nn.Flatten()]
    return nn.Sequential(*layers)


def parse_blocks(text):
    return [tuple(int(v) for v in block.split(":")) for block in text.split(",")]


def numpy_state_dict(net):
    return {k: v.detach().numpy().copy() for k, v in net.state_dict().items()}


def write_atomically(path, write):
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=directory, prefix="." + os.path.basename(path), suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; these files are meant to be shared
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--blocks", default=FIXTURE_BLOCKS, help="C:K:S:P,... (default: %(default)s)")
    parser.add_argument("--input-channels", type=int, default=1, help="(default: %(default)s)")
    parser.add_argument("--side", type=int, default=99,
                        help="input height and width; 99 is the smallest that leaves 2x2 pixels"
                             " for the global average pooling with the seed's kernels"
                             " (default: %(default)s)")
    parser.add_argument("--batch", type=int, default=4, help="(default: %(default)s)")
    parser.add_argument("--lr", type=float, default=0.1, help="(default: %(default)s, the seed's)")
    parser.add_argument("--seed", type=int, default=0, help="torch.manual_seed (default: %(default)s)")
    parser.add_argument("--out", default=os.path.normpath(os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "nin-core", "src", "test", "resources", "parity")),
                        help="directory to write (default: %(default)s)")
    args = parser.parse_args()

    assert str(nin(1, parse_blocks(SEED_BLOCKS))) == str(nin_net()), "nin() is not the seed's net"

    blocks = parse_blocks(args.blocks)
    classes = blocks[-1][0]
    torch.manual_seed(args.seed)
    net = nin(args.input_channels, blocks)
    net.apply(init_weights)
    x = torch.rand(args.batch, args.input_channels, args.side, args.side)
    y = torch.randint(0, classes, (args.batch,))
    weights = numpy_state_dict(net)

    net.eval()  # dropout off, for the logits and for the SGD step
    loss_fn = nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(net.parameters(), lr=args.lr)
    optimizer.zero_grad()
    # How close the batch comes to a ReLU's kink: an input within float32 rounding of zero may
    # switch sides between two float32 computations, and the gradients with it.
    relu_inputs = []
    hooks = [m.register_forward_hook(lambda m, inp, out: relu_inputs.append(inp[0].abs().min()))
             for m in net.modules() if isinstance(m, nn.ReLU)]
    logits = net(x)
    for hook in hooks:
        hook.remove()
    smallest_relu_input = min(relu_inputs).item()
    loss = loss_fn(logits, y)
    loss.backward()
    optimizer.step()

    os.makedirs(args.out, exist_ok=True)
    out = lambda name: os.path.join(args.out, name)
    write_atomically(out("weights.npz"), lambda f: np.savez(f, **weights))
    write_atomically(out("batch.npz"), lambda f: np.savez(
        f, input=x.numpy(), labels=y.numpy(), logits=logits.detach().numpy(),
        loss=loss.detach().numpy()))
    write_atomically(out("after_step.npz"), lambda f: np.savez(f, **numpy_state_dict(net)))
    fixture = {
        "architecture": {
            "input_channels": args.input_channels,
            "blocks": [":".join(str(v) for v in b) for b in blocks],
            "dropout": 0.5,
        },
        "input_shape": list(x.shape),
        "learning_rate": args.lr,
        "step": "one torch.optim.SGD step on nn.CrossEntropyLoss (mean) in model.eval() mode,"
                " so dropout is off",
        "initialisation": "torch.manual_seed, then xavier_uniform_ on Conv2d weights (train_ch6)",
        "seed": args.seed,
        "smallest_relu_input": smallest_relu_input,
        "torch": torch.__version__,
        "numpy": np.__version__,
    }
    write_atomically(out("fixture.json"),
                     lambda f: f.write((json.dumps(fixture, indent=2) + "\n").encode()))
    print(f"wrote {args.out}: {len(weights)} weight entries, logits {tuple(logits.shape)},"
          f" loss {loss.item():.6f}, smallest |ReLU input| {smallest_relu_input:.1e}")


if __name__ == "__main__":
    main()
