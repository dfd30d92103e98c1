#!/usr/bin/python3
"""The seed lecture's NiN training run in PyTorch: d2l.train_ch6 on Fashion-MNIST.

Reproduces, with its defaults, exactly what the seed runs:

    lr, num_epochs, batch_size = 0.1, 10, 128
    train_iter, test_iter = d2l.load_data_fashion_mnist(batch_size, resize=224)
    d2l.train_ch6(net, train_iter, test_iter, num_epochs, lr, d2l.try_gpu())

`d2l` is not installable here, so its pieces are reproduced: the model and data loading in
seed_nin.py, and train_ch6 with its helpers (Accumulator, Timer, accuracy,
evaluate_accuracy_gpu) below. The metrics keep d2l's definitions:

* train loss: sum over batches of (mean batch loss x batch size) / examples seen, accumulated
  while training, in training mode (dropout on);
* train acc: correct predictions over the same batches / examples seen;
* test acc: the whole test set in eval mode under no_grad (evaluate_accuracy_gpu);
* examples/sec: d2l's Timer runs around each training step only, from after the batch
  arrives to after the optimizer step, so waits for the DataLoader and the evaluation are
  excluded. The final line is, as in d2l, (examples per epoch x epochs) / summed step time.

d2l's Animator (a live plot) is replaced by per-epoch lines and, with --json, a history that
also holds the Animator's points (5 per epoch for the train metrics, at fractional epochs).
The last two lines printed are the seed's: `loss ..., train acc ..., test acc ...` and
`... examples/sec on cpu`.

Defaults reproduce the seed; --resize, --epochs and --limit make short runs possible (the full
run takes many hours on a 2-core CPU).
"""

import argparse
import json
import sys
import time

import torch
from torch import nn

import seed_nin


class Accumulator:
    """d2l.Accumulator: sums n running values."""

    def __init__(self, n):
        self.data = [0.0] * n

    def add(self, *args):
        self.data = [a + float(b) for a, b in zip(self.data, args)]

    def __getitem__(self, idx):
        return self.data[idx]


class Timer:
    """d2l.Timer: records the intervals between start() and stop()."""

    def __init__(self):
        self.times = []

    def start(self):
        self.tik = time.time()

    def stop(self):
        self.times.append(time.time() - self.tik)
        return self.times[-1]

    def sum(self):
        return sum(self.times)


def accuracy(y_hat, y):
    """d2l.accuracy: the number of correct predictions (not a fraction)."""
    if len(y_hat.shape) > 1 and y_hat.shape[1] > 1:
        y_hat = y_hat.argmax(axis=1)
    cmp = y_hat.type(y.dtype) == y
    return float(cmp.type(y.dtype).sum())


def evaluate_accuracy_gpu(net, data_iter, device=None):
    """d2l.evaluate_accuracy_gpu: accuracy over a whole loader in eval mode."""
    if isinstance(net, nn.Module):
        net.eval()
        if not device:
            device = next(iter(net.parameters())).device
    metric = Accumulator(2)
    with torch.no_grad():
        for X, y in data_iter:
            X = X.to(device)
            y = y.to(device)
            metric.add(accuracy(net(X), y), y.numel())
    return metric[0] / metric[1]


def train_ch6(net, train_iter, test_iter, num_epochs, lr, device):
    """d2l.train_ch6, with a line per epoch instead of the Animator; returns the history."""
    net.apply(seed_nin.init_weights)
    print('training on', device)
    net.to(device)
    optimizer = torch.optim.SGD(net.parameters(), lr=lr)
    loss = nn.CrossEntropyLoss()
    timer, num_batches = Timer(), len(train_iter)
    history = {"epochs": [], "animator": []}
    for epoch in range(num_epochs):
        epoch_start = time.time()
        steps_before = len(timer.times)
        metric = Accumulator(3)
        net.train()
        for i, (X, y) in enumerate(train_iter):
            timer.start()
            optimizer.zero_grad()
            X, y = X.to(device), y.to(device)
            y_hat = net(X)
            l = loss(y_hat, y)
            l.backward()
            optimizer.step()
            with torch.no_grad():
                metric.add(l * X.shape[0], accuracy(y_hat, y), X.shape[0])
            timer.stop()
            train_l = metric[0] / metric[2]
            train_acc = metric[1] / metric[2]
            # The Animator's schedule; max(1, ...) only guards loaders of under 5 batches,
            # where d2l itself would divide by zero.
            if (i + 1) % max(1, num_batches // 5) == 0 or i == num_batches - 1:
                history["animator"].append({"epoch": epoch + (i + 1) / num_batches,
                                            "train_loss": train_l, "train_acc": train_acc})
        test_acc = evaluate_accuracy_gpu(net, test_iter)
        history["animator"].append({"epoch": epoch + 1, "test_acc": test_acc})
        step_seconds = sum(timer.times[steps_before:])
        record = {
            "epoch": epoch + 1,
            "train_loss": train_l,
            "train_acc": train_acc,
            "test_acc": test_acc,
            "examples_per_sec": metric[2] / step_seconds,
            "train_step_seconds": step_seconds,
            "epoch_seconds": time.time() - epoch_start,
        }
        history["epochs"].append(record)
        print(f"epoch {epoch + 1}/{num_epochs}: loss {train_l:.3f}, train acc {train_acc:.3f}, "
              f"test acc {test_acc:.3f}, {record['examples_per_sec']:.1f} examples/sec, "
              f"{record['epoch_seconds']:.1f} s (steps {step_seconds:.1f} s)", flush=True)
    print(f'loss {train_l:.3f}, train acc {train_acc:.3f}, '
          f'test acc {test_acc:.3f}')
    print(f'{metric[2] * num_epochs / timer.sum():.1f} examples/sec '
          f'on {str(device)}')
    history["examples_per_sec"] = metric[2] * num_epochs / timer.sum()
    history["train_step_seconds"] = timer.sum()
    return history


def positive_float(text):
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be a positive number, got {text}")
    return value


def parse_args(argv):
    p = argparse.ArgumentParser(
        description="Run the seed's NiN training (d2l.train_ch6) on Fashion-MNIST with PyTorch.",
        epilog="Defaults are the seed's: 10 epochs, lr 0.1, batch 128, resize 224.")
    p.add_argument("--epochs", type=seed_nin.positive_int, default=10, help="epochs (default 10)")
    p.add_argument("--lr", type=positive_float, default=0.1, help="SGD learning rate (default 0.1)")
    p.add_argument("--batch-size", type=seed_nin.positive_int, default=128, help="batch size (default 128)")
    p.add_argument("--resize", type=seed_nin.positive_int, default=224,
                   help="side the 28x28 images are resized to (default 224)")
    p.add_argument("--limit", type=seed_nin.positive_int,
                   help="use only the first N examples of each split")
    p.add_argument("--threads", type=seed_nin.positive_int, default=seed_nin.default_threads(),
                   help="torch intra-op threads (default: all usable cores, %(default)s here)")
    p.add_argument("--seed", type=int, help="seed torch's RNG (initialisation, shuffling, dropout)")
    p.add_argument("--workers", type=int, default=seed_nin.get_dataloader_workers(),
                   help="DataLoader worker processes (default 4, as d2l)")
    p.add_argument("--data", default=seed_nin.DEFAULT_DATA_DIR,
                   help="directory with the four Fashion-MNIST .gz files (default %(default)s)")
    p.add_argument("--cache", default=seed_nin.default_cache_dir(),
                   help="where the decompressed files are kept for torchvision (default %(default)s)")
    p.add_argument("--json", metavar="OUT", help="write the per-epoch history as JSON to OUT")
    args = p.parse_args(argv)
    if args.workers < 0:
        p.error("--workers must be 0 or more")
    return args


def main(argv=None):
    args = parse_args(argv)
    torch.set_num_threads(args.threads)
    if args.seed is not None:
        torch.manual_seed(args.seed)
    net = seed_nin.nin_net()
    try:
        multiply_adds = seed_nin.conv_multiply_adds(net, args.resize)
    except RuntimeError as e:
        # A usage error like argparse's own (exit code 2): the pools shrink the map to nothing.
        print(f"seed_train.py: error: --resize {args.resize} is too small for NiN: {e}",
              file=sys.stderr)
        sys.exit(2)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, resize {args.resize} "
          f"({multiply_adds:,} multiply-adds per example forward), batch {args.batch_size}, "
          f"lr {args.lr}, epochs {args.epochs}, workers {args.workers}"
          + (f", first {args.limit} examples of each split" if args.limit else ""), flush=True)
    train_iter, test_iter = seed_nin.load_data_fashion_mnist(
        args.batch_size, resize=args.resize, workers=args.workers, limit=args.limit,
        data_dir=args.data, cache_dir=args.cache)
    start = time.time()
    history = train_ch6(net, train_iter, test_iter, args.epochs, args.lr, seed_nin.try_gpu())
    history["total_seconds"] = time.time() - start
    if args.json:
        history["config"] = {
            "epochs": args.epochs, "lr": args.lr, "batch_size": args.batch_size,
            "resize": args.resize, "limit": args.limit, "threads": torch.get_num_threads(),
            "seed": args.seed, "workers": args.workers,
            "train_examples": len(train_iter.dataset), "test_examples": len(test_iter.dataset),
        }
        history["torch_version"] = torch.__version__
        with open(args.json, "w") as f:
            json.dump(history, f, indent=2)
            f.write("\n")


if __name__ == "__main__":
    main()
