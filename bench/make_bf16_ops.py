#!/usr/bin/python3
"""Writes the TorchScript operation that computes one NiN block in bfloat16 for NiN for Java.

DJL's PyTorch engine cannot create or convert bfloat16 arrays, so the Java side never holds one:
it passes the block's float32 input and float32 parameters to this operation, which casts them to
bfloat16 inside, runs the k×k convolution and its ReLU, then each 1×1 convolution and its ReLU,
all in channels-last memory format (oneDNN's NHWC bf16 kernels), and returns float32 in
channels-last. Autograd records the casts, so the gradients DJL gets for the input and for every
parameter are float32 too.

The signature is what DJL's ``IValueUtils.forward`` can pass from an ``NDList``, which carries
tensors only:

    forward(x: Tensor, geometry: Tensor, params: List[Tensor]) -> Tensor

  x         (N, C, H, W) float32, any memory format
  geometry  (2,) int64: the k×k convolution's stride and padding (both sides, both axes)
  params    weight and bias of each convolution in order: the k×k one, then the 1×1 ones; its
            length (2 + 2 × number of 1×1 convolutions) sets how many 1×1 convolutions run

Versions: saved by Debian's torch 1.13 (archive version 3); loaded and run, forward and backward,
by DJL 0.36.0's libtorch 2.7.1 (``Bf16NinBlockTest``).

Determinism: the archive holds no timestamps, and the source positions in its debug records name
the operation's source by a fixed name (it is compiled from the text SOURCE below, not from this
file, whose path depends on the checkout), so the script writes the same bytes from any checkout
and any working directory.

Runs with Debian's python3-torch (1.13); hence /usr/bin/python3 above. The default output is the
committed resource nin-core/src/main/resources/io/github/nin4j/bf16/nin_block_bf16.pt.
"""

import argparse
import linecache
import os

import torch

from make_parity_fixture import write_atomically

RESOURCE = os.path.normpath(os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "nin-core", "src", "main", "resources", "io", "github",
    "nin4j", "bf16", "nin_block_bf16.pt"))


# The operation's source, compiled under a fixed file name (see define_module): TorchScript records
# the file name of the source in the archive's debug records, and this script's own path depends on
# where the repository is checked out.
SOURCE_NAME = "nin_block_bf16.py"
SOURCE = """
import torch


class NinBlockBf16(torch.nn.Module):
    \"\"\"One NiN block computed in bfloat16 from float32 inputs and parameters.\"\"\"

    def forward(self, x: torch.Tensor, geometry: torch.Tensor,
                params: list[torch.Tensor]) -> torch.Tensor:
        stride = int(geometry[0])
        padding = int(geometry[1])
        bf16 = torch.bfloat16
        last = torch.channels_last
        channels = params[0].size(0)
        # oneDNN 3.7.1's bf16 kernels computed a block 8 channels wide wrong on AMD Zen 5
        # (docs/notes/bf16.md); they block channels by 16. Zero channels up to a multiple of
        # 16 give the same numbers (zero weights and bias, ReLU(0) = 0) and are sliced off at
        # the end; their gradients never reach the parameters.
        extra = (channels + 15) // 16 * 16 - channels
        y = x.to(dtype=bf16, memory_format=last)
        for i in range(len(params) // 2):
            weight = params[2 * i]
            bias = params[2 * i + 1]
            if extra > 0:
                if i == 0:
                    weight = torch.nn.functional.pad(weight, [0, 0, 0, 0, 0, 0, 0, extra])
                else:
                    weight = torch.nn.functional.pad(weight, [0, 0, 0, 0, 0, extra, 0, extra])
                bias = torch.nn.functional.pad(bias, [0, extra])
            weight = weight.to(dtype=bf16, memory_format=last)
            bias = bias.to(dtype=bf16)
            if i == 0:
                y = torch.nn.functional.conv2d(y, weight, bias, stride, padding)
            else:
                y = torch.nn.functional.conv2d(y, weight, bias)
            y = torch.relu(y)
        if extra > 0:
            y = y[:, :channels]
        return y.to(dtype=torch.float32, memory_format=last)
"""


def define_module():
    """The scripted operation, its source registered with linecache under SOURCE_NAME, where
    TorchScript's inspect.getsource finds it."""
    linecache.cache[SOURCE_NAME] = (len(SOURCE), None, SOURCE.splitlines(True), SOURCE_NAME)
    namespace = {"__name__": "nin_block_bf16"}
    exec(compile(SOURCE, SOURCE_NAME, "exec"), namespace)
    return torch.jit.script(namespace["NinBlockBf16"]())


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=RESOURCE, help="file to write (default: %(default)s)")
    args = parser.parse_args()
    module = define_module()
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    write_atomically(args.out, lambda f: torch.jit.save(module, f))
    print(f"wrote {args.out} ({os.path.getsize(args.out)} bytes, torch {torch.__version__})")


if __name__ == "__main__":
    main()
