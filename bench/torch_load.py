#!/usr/bin/python3
"""Loads NiN for Java's exported .npz into the seed's PyTorch network, exactly as a seed user would:

    net.load_state_dict({k: torch.from_numpy(v) for k, v in np.load(f).items()})

with strict key checking, then prints how far the loaded parameters are from PyTorch's own
after_step.npz in the fixture directory. Exits non-zero if loading fails.

usage: torch_load.py FIXTURE_DIR OURS.npz
"""

import json
import os
import sys

import numpy as np
import torch

# The fixture's generator, whose network this loads into, lives in generators/.
sys.path.append(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "generators"))
from make_parity_fixture import nin, parse_blocks  # noqa: E402


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip().splitlines()[-1])
    fixture_dir, ours = sys.argv[1:]
    with open(os.path.join(fixture_dir, "fixture.json")) as f:
        architecture = json.load(f)["architecture"]
    net = nin(architecture["input_channels"], parse_blocks(",".join(architecture["blocks"])),
              architecture["dropout"])
    net.load_state_dict({k: torch.from_numpy(v) for k, v in np.load(ours).items()})
    theirs = np.load(os.path.join(fixture_dir, "after_step.npz"))
    largest = max(float(np.abs(v.detach().numpy() - theirs[k]).max())
                  for k, v in net.state_dict().items())
    print(f"PyTorch {torch.__version__} loaded our {len(net.state_dict())} entries with"
          f" load_state_dict (strict); largest difference from its own step: {largest:.3e}")


if __name__ == "__main__":
    main()
