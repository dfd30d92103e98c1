"""The seed lecture's NiN code and the parts of d2l it relies on, shared by the bench scripts.

The seed (d2l lecture 26, "Network in Network") imports `d2l.torch`, which is not packaged for
Debian and cannot be installed here. This module reproduces, line for line where it matters,
what the seed takes from it:

* `nin_block` and the `net` Sequential, exactly as in the seed (built fresh by `nin_net()`);
  `nin_net(pointwise, head)` also builds the chapter exercises' variants that `nin` builds with
  `--pointwise` and `--head`;
* `init_weights` from `d2l.train_ch6`: Xavier-uniform on every Linear/Conv2d weight, biases
  left at PyTorch's default initialisation;
* `load_data_fashion_mnist(batch_size, resize)`: torchvision's `FashionMNIST` with
  `[Resize(resize), ToTensor()]`, shuffled training loader, unshuffled test loader, and
  `get_dataloader_workers()` = 4 worker processes;
* `try_gpu()`.

The one departure is where the data comes from: d2l downloads into `../data`; here the four
IDX files of Debian's `dataset-fashion-mnist` package are decompressed once into a cache
directory laid out the way torchvision expects (`<root>/FashionMNIST/raw/<name>`), and the
datasets are opened with `download=False`, so nothing is ever fetched.
"""

import argparse
import gzip
import os
import shutil

import torch
import torchvision
from torch import nn
from torch.utils import data
from torchvision import transforms

DEFAULT_DATA_DIR = "/usr/share/datasets/fashion-mnist"
IDX_FILES = (
    "train-images-idx3-ubyte",
    "train-labels-idx1-ubyte",
    "t10k-images-idx3-ubyte",
    "t10k-labels-idx1-ubyte",
)


def nin_block(in_channels, out_channels, kernel_size, strides, padding):
    return nn.Sequential(
        nn.Conv2d(in_channels, out_channels, kernel_size, strides, padding),
        nn.ReLU(), nn.Conv2d(out_channels, out_channels, kernel_size=1),
        nn.ReLU(), nn.Conv2d(out_channels, out_channels, kernel_size=1),
        nn.ReLU())


HEADS = ("global-pool", "fully-connected")


def nin_net(pointwise=2, head="global-pool"):
    """The seed's `net`, or with the defaults changed, one of the exercises' variants.

    `pointwise` is the number of 1x1 convolutions (each with its ReLU) after each block's first
    convolution; the seed has 2. `head="fully-connected"` replaces the last NiN block, its
    dropout and the global pooling by AlexNet's end in d2l: Flatten, LazyLinear(4096), ReLU,
    Dropout(0.5), LazyLinear(4096), ReLU, Dropout(0.5), LazyLinear(10). The lazy layers take
    their input width from the first batch, as in d2l's AlexNet: run one forward pass before
    `net.apply(init_weights)`, whose type test matches them only once they are `nn.Linear`.
    The state_dict keys are those of `nin`'s TorchStateDict for the same variant.
    """
    if head not in HEADS:
        raise ValueError(f"head must be one of {HEADS}, got {head!r}")
    if (pointwise, head) != (2, "global-pool"):
        return _nin_variant(pointwise, head)
    # The seed builds `net` once at module level; a function lets each benchmark mode start
    # from a fresh, identically initialised model.
    return nn.Sequential(
        nin_block(1, 96, kernel_size=11, strides=4, padding=0),
        nn.MaxPool2d(3, stride=2),
        nin_block(96, 256, kernel_size=5, strides=1, padding=2),
        nn.MaxPool2d(3, stride=2),
        nin_block(256, 384, kernel_size=3, strides=1, padding=1),
        nn.MaxPool2d(3, stride=2), nn.Dropout(0.5),
        nin_block(384, 10, kernel_size=3, strides=1, padding=1),
        nn.AdaptiveAvgPool2d((1, 1)),
        nn.Flatten())


def _nin_variant_block(in_channels, out_channels, kernel_size, strides, padding, pointwise):
    layers = [nn.Conv2d(in_channels, out_channels, kernel_size, strides, padding), nn.ReLU()]
    for _ in range(pointwise):
        layers += [nn.Conv2d(out_channels, out_channels, kernel_size=1), nn.ReLU()]
    return nn.Sequential(*layers)


def _nin_variant(pointwise, head):
    """The seed's layers with `pointwise` 1x1 convolutions per block, and the given head."""
    layers = [
        _nin_variant_block(1, 96, 11, 4, 0, pointwise), nn.MaxPool2d(3, stride=2),
        _nin_variant_block(96, 256, 5, 1, 2, pointwise), nn.MaxPool2d(3, stride=2),
        _nin_variant_block(256, 384, 3, 1, 1, pointwise), nn.MaxPool2d(3, stride=2)]
    if head == "global-pool":
        layers += [nn.Dropout(0.5), _nin_variant_block(384, 10, 3, 1, 1, pointwise),
                   nn.AdaptiveAvgPool2d((1, 1)), nn.Flatten()]
    else:
        layers += [nn.Flatten(),
                   nn.LazyLinear(4096), nn.ReLU(), nn.Dropout(0.5),
                   nn.LazyLinear(4096), nn.ReLU(), nn.Dropout(0.5),
                   nn.LazyLinear(10)]
    return nn.Sequential(*layers)


def init_weights(m):
    # d2l.train_ch6 compares exact types, so subclasses are deliberately not matched.
    if type(m) == nn.Linear or type(m) == nn.Conv2d:
        nn.init.xavier_uniform_(m.weight)


def try_gpu(i=0):
    if torch.cuda.device_count() >= i + 1:
        return torch.device(f"cuda:{i}")
    return torch.device("cpu")


def get_dataloader_workers():
    return 4


def default_threads():
    # Debian's torch 1.13 starts with a single intra-op thread on this machine even though
    # two cores are usable; a stock build uses every core. Using all usable cores makes the
    # comparison with the Java side (which uses every core) fair.
    return len(os.sched_getaffinity(0))


def positive_int(text):
    """argparse type of the scripts' counts: a whole number above 0."""
    value = int(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be a positive integer, got {text}")
    return value


def default_cache_dir():
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "nin", "torchvision")


def prepare_root(data_dir=DEFAULT_DATA_DIR, cache_dir=None):
    """Return a torchvision root holding FashionMNIST/raw/<IDX files>, decompressing once.

    torchvision 0.14 checks for and reads the decompressed files only, so symlinks to the .gz
    files would not do. Each file is written under a temporary name and renamed, so two
    scripts preparing the cache at the same time never see a half-written file.
    """
    root = cache_dir or default_cache_dir()
    raw = os.path.join(root, "FashionMNIST", "raw")
    os.makedirs(raw, exist_ok=True)
    for name in IDX_FILES:
        target = os.path.join(raw, name)
        if os.path.exists(target):
            continue
        source = os.path.join(data_dir, name + ".gz")
        if not os.path.exists(source):
            raise FileNotFoundError(
                f"{source} not found: install Debian's dataset-fashion-mnist package "
                f"or pass --data DIR with the four Fashion-MNIST .gz files")
        partial = f"{target}.{os.getpid()}.partial"
        with gzip.open(source, "rb") as src, open(partial, "wb") as dst:
            shutil.copyfileobj(src, dst)
        os.replace(partial, target)
    return root


def fashion_mnist_datasets(resize=None, data_dir=DEFAULT_DATA_DIR, cache_dir=None):
    trans = [transforms.ToTensor()]
    if resize:
        trans.insert(0, transforms.Resize(resize))
    trans = transforms.Compose(trans)
    root = prepare_root(data_dir, cache_dir)
    mnist_train = torchvision.datasets.FashionMNIST(
        root=root, train=True, transform=trans, download=False)
    mnist_test = torchvision.datasets.FashionMNIST(
        root=root, train=False, transform=trans, download=False)
    return mnist_train, mnist_test


def load_data_fashion_mnist(batch_size, resize=None, workers=None, limit=None,
                            data_dir=DEFAULT_DATA_DIR, cache_dir=None):
    """d2l.load_data_fashion_mnist, plus `limit` (first N examples of each split)."""
    mnist_train, mnist_test = fashion_mnist_datasets(resize, data_dir, cache_dir)
    if limit is not None:
        mnist_train = data.Subset(mnist_train, range(min(limit, len(mnist_train))))
        mnist_test = data.Subset(mnist_test, range(min(limit, len(mnist_test))))
    workers = get_dataloader_workers() if workers is None else workers
    return (data.DataLoader(mnist_train, batch_size, shuffle=True, num_workers=workers),
            data.DataLoader(mnist_test, batch_size, shuffle=False, num_workers=workers))


def conv_multiply_adds(net, resize):
    """Multiply-adds of one example's forward pass, counted over the convolutions.

    Each Conv2d does weight.numel() multiply-adds per output position (out_channels x
    in_channels/groups x kh x kw); biases, ReLUs and pooling are not counted, as usual for
    FLOP counts. For the seed's net at 224 x 224 this gives 762,297,352.
    """
    total = 0

    def count(module, _inputs, output):
        nonlocal total
        total += module.weight.numel() * output.shape[-2] * output.shape[-1]

    hooks = [m.register_forward_hook(count) for m in net.modules() if isinstance(m, nn.Conv2d)]
    try:
        was_training = net.training
        net.eval()
        with torch.no_grad():
            net(torch.zeros(1, 1, resize, resize))
        net.train(was_training)
    finally:
        for h in hooks:
            h.remove()
    return total
