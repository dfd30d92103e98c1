#!/usr/bin/python3
"""Writes the TorchScript operations that compute NiN in bfloat16 for NiN for Java.

DJL's PyTorch engine cannot create or convert bfloat16 arrays, so the Java side never holds one:
it passes float32 inputs and DJL's float32 parameters to these operations, which cast them to
bfloat16 inside and return float32. Autograd records the casts, so the gradients DJL gets for the
input and for every parameter are float32 too. Two operations, one block computation:

  nin_network_bf16.pt   the whole network with the global-pooling head, float32 image to float32
                        logits, one call per forward: each NiN block, the 3x3/2 max-poolings, the
                        dropout before the last block and the global average pooling, all on
                        bfloat16 activations in channels-last memory format

        forward(x: Tensor, geometry: Tensor, settings: Tensor, params: List[Tensor]) -> Tensor

        x         (N, C, H, W) float32, any memory format
        geometry  (blocks, 2) int64: each block's k x k stride and padding
        settings  (2,) float64: the dropout rate, and 1 when training (dropout on) else 0
        params    weight and bias of every convolution, block by block, each block's k x k one
                  first; each block has len(params) / blocks of them

  nin_block_bf16.pt     one NiN block, float32 to float32 (channels-last), for the blocks of the
                        fully-connected head's networks and for the engine check's block probes

        forward(x: Tensor, geometry: Tensor, params: List[Tensor]) -> Tensor

        geometry  (2,) int64: the k x k convolution's stride and padding

  convolution_bf16.pt   one convolution without bias in bfloat16, run a given number of times on
                        the same data, for the engine's bf16 peak in `nin bench`

        forward(x: Tensor, weight: Tensor, geometry: Tensor) -> Tensor

        geometry  (3,) int64: stride, padding and how many times to run it

Both signatures are what DJL's ``IValueUtils.forward`` can pass from an ``NDList``, which carries
tensors only. In a block, the k x k convolution is oneDNN's; each 1x1 convolution is computed as
the matrix product it is on channels-last data (``addmm`` on an (N*H*W, C) view, no copy): with
libtorch 2.7.1's oneDNN 3.7.1 its forward and backward ran faster than the 1x1 convolution
kernels on AMD Zen 5 (docs/notes/bf16.md). The parameters are cast on every call, as PyTorch's
autocast does, so they stay DJL's float32 master copies. Dropout is ``torch.nn.functional.dropout``
and draws from the engine's default generator, as DJL's own dropout does.

Versions: saved by Debian's torch 1.13 (archive version 3); loaded and run, forward and backward,
by DJL 0.36.0's libtorch 2.7.1 (``Bf16NinBlockTest``, ``Bf16SequenceTest``).

Determinism: the archives hold no timestamps, and the source positions in their debug records name
the operations' source by a fixed name (it is compiled from the text SOURCE below, not from this
file, whose path depends on the checkout), so the script writes the same bytes from any checkout
and any working directory.

Runs with Debian's python3-torch (1.13); hence /usr/bin/python3 above. By default it writes the
committed resources under nin-core/src/main/resources/io/github/nin4j/bf16/; when their bytes
change, update the SHA256SUMS there (generators/README.md).
"""

import argparse
import linecache
import os

import torch

from make_parity_fixture import write_atomically

RESOURCES = os.path.normpath(os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "nin-core", "src", "main", "resources", "io", "github",
    "nin4j", "bf16"))


# The operations' source, compiled under a fixed file name (see define_modules): TorchScript
# records the file name of the source in the archive's debug records, and this script's own path
# depends on where the repository is checked out.
SOURCE_NAME = "nin_bf16.py"
SOURCE = """
import torch
import torch.nn.functional as F


def nin_block(y: torch.Tensor, stride: int, padding: int, params: list[torch.Tensor],
              first: int, count: int) -> torch.Tensor:
    \"\"\"One NiN block on bfloat16 channels-last data: params[first:first + count] are the
    weight and bias of its k x k convolution, then of each 1x1 convolution.\"\"\"
    bf16 = torch.bfloat16
    channels = params[first].size(0)
    # oneDNN 3.7.1's bf16 kernels computed a block 8 channels wide wrong on AMD Zen 5
    # (docs/notes/bf16.md); they block channels by 16. Zero channels up to a multiple of 16
    # give the same numbers (zero weights and bias, ReLU(0) = 0) and are sliced off at the end;
    # their gradients never reach the parameters.
    extra = (channels + 15) // 16 * 16 - channels
    for i in range(count // 2):
        weight = params[first + 2 * i]
        bias = params[first + 2 * i + 1]
        if extra > 0:
            if i == 0:
                weight = F.pad(weight, [0, 0, 0, 0, 0, 0, 0, extra])
            else:
                weight = F.pad(weight, [0, 0, 0, 0, 0, extra, 0, extra])
            bias = F.pad(bias, [0, extra])
        bias = bias.to(dtype=bf16)
        if i == 0:
            weight = weight.to(dtype=bf16, memory_format=torch.channels_last)
            y = torch.relu_(F.conv2d(y, weight, bias, stride, padding))
        else:
            # A 1x1 convolution on channels-last data is a matrix product of the (N*H*W, C)
            # view; the result viewed back is channels-last again.
            n = y.size(0)
            h = y.size(2)
            w = y.size(3)
            rows = y.permute(0, 2, 3, 1).reshape(n * h * w, y.size(1))
            weight = weight.to(dtype=bf16).flatten(1)
            rows = torch.relu_(torch.addmm(bias, rows, weight.t()))
            y = rows.view(n, h, w, rows.size(1)).permute(0, 3, 1, 2)
    if extra > 0:
        y = y[:, :channels]
    return y


class NinBlockBf16(torch.nn.Module):
    \"\"\"One NiN block computed in bfloat16 from float32 input and parameters.\"\"\"

    def forward(self, x: torch.Tensor, geometry: torch.Tensor,
                params: list[torch.Tensor]) -> torch.Tensor:
        y = x.to(dtype=torch.bfloat16, memory_format=torch.channels_last)
        y = nin_block(y, int(geometry[0]), int(geometry[1]), params, 0, len(params))
        return y.to(dtype=torch.float32, memory_format=torch.channels_last)


class NinNetworkBf16(torch.nn.Module):
    \"\"\"The NiN network with the global-pooling head, in bfloat16 from the float32 image to
    the float32 logits.\"\"\"

    def forward(self, x: torch.Tensor, geometry: torch.Tensor, settings: torch.Tensor,
                params: list[torch.Tensor]) -> torch.Tensor:
        blocks = geometry.size(0)
        count = len(params) // blocks
        rate = float(settings[0])
        training = bool(settings[1] > 0.5)
        y = x.to(dtype=torch.bfloat16, memory_format=torch.channels_last)
        for b in range(blocks):
            if b == blocks - 1:
                y = F.dropout(y, rate, training)
            y = nin_block(y, int(geometry[b, 0]), int(geometry[b, 1]), params, b * count, count)
            if b < blocks - 1:
                y = F.max_pool2d(y, 3, 2)
        y = F.adaptive_avg_pool2d(y, 1)
        return y.flatten(1).to(dtype=torch.float32)


class ConvolutionBf16(torch.nn.Module):
    \"\"\"One convolution in bfloat16, channels-last, run a given number of times on the same
    data: the engine's bf16 peak is the difference between two counts of runs, so the casts
    around them cancel out.\"\"\"

    def forward(self, x: torch.Tensor, weight: torch.Tensor, geometry: torch.Tensor) -> torch.Tensor:
        y = x.to(dtype=torch.bfloat16, memory_format=torch.channels_last)
        w = weight.to(dtype=torch.bfloat16, memory_format=torch.channels_last)
        out = y
        for _ in range(int(geometry[2])):
            out = F.conv2d(y, w, None, int(geometry[0]), int(geometry[1]))
        return out.to(dtype=torch.float32)
"""

# Each archive and the class it holds.
OPERATIONS = {
    "nin_block_bf16.pt": "NinBlockBf16",
    "nin_network_bf16.pt": "NinNetworkBf16",
    "convolution_bf16.pt": "ConvolutionBf16",
}


def define_modules():
    """The scripted operations by file name, their source registered with linecache under
    SOURCE_NAME, where TorchScript's inspect.getsource finds it."""
    linecache.cache[SOURCE_NAME] = (len(SOURCE), None, SOURCE.splitlines(True), SOURCE_NAME)
    namespace = {"__name__": "nin_bf16"}
    exec(compile(SOURCE, SOURCE_NAME, "exec"), namespace)
    return {name: torch.jit.script(namespace[cls]()) for name, cls in OPERATIONS.items()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=RESOURCES, help="directory to write to (default: %(default)s)")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    for name, module in define_modules().items():
        path = os.path.join(args.out, name)
        write_atomically(path, lambda f, m=module: torch.jit.save(m, f))
        print(f"wrote {path} ({os.path.getsize(path)} bytes, torch {torch.__version__})")


if __name__ == "__main__":
    main()
