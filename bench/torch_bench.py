#!/usr/bin/python3
"""The workloads of the Java `nin bench` command, run the seed's way in PyTorch.

Everything is the seed's: its `nin_block`/`net`, d2l.train_ch6's Xavier-uniform
initialisation, SGD (plain, lr 0.1), nn.CrossEntropyLoss, and for the data modes
torchvision's FashionMNIST with [Resize(resize), ToTensor()] in a shuffled DataLoader with
d2l's 4 workers (see seed_nin.py). Modes:

  train  one SGD step per batch on a fixed random batch (data-independent timing), split
         into forward (net + loss), backward, and update (zero_grad + optimizer.step, in
         train_ch6's order), in training mode (dropout on)
  infer  eval mode, torch.no_grad() forward on a fixed random batch
  data   the torchvision pipeline alone: time spent in next() on the real training loader
  e2e    an epoch slice: --steps batches of the real training loader, each followed by a
         training step; the split adds the wait for data
  all    each of the above, each in its own fresh process so that its peak resident memory
         is its own (ru_maxrss only ever grows within a process)

Each repetition runs --warmup untimed steps, then --steps timed ones; the tables give the
median and min/max over --repeat repetitions of each repetition's mean. For data and e2e
each repetition opens a fresh loader iterator, so the warmup also absorbs the workers'
start-up (use --warmup 0 to count it).

GFLOP/s come from the model's multiply-adds, counted per convolution as weight.numel() x
output H x W (762,297,352 per 224x224 example); a FLOP is 2 multiply-adds' worth and a training
step is taken as 3x the forward work. The machine's peak is the same engine's throughput on one
large convolution, the seed's second-block 5x5 convolution at its real shape (batch 128, 96 ->
256 channels, 26x26, padding 2); its best repetition is the peak that shares are taken of.

Output: a table, and with --json FILE all numbers in the schema documented in README.md.
"""

import argparse
import contextlib
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time

import torch
import torchvision
from torch import nn
from torch.utils import data

import seed_nin

MODES = ("train", "infer", "data", "e2e")
PEAK_INPUT = (128, 96, 26, 26)
PEAK_FILTERS, PEAK_KERNEL, PEAK_PADDING = 256, 5, 2
# Training work relative to the forward pass: forward, plus gradients of the inputs and of the
# weights in backward, each about one forward's multiply-adds.
TRAIN_WORK = 3


def spread(values):
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def rss_mib(who=resource.RUSAGE_SELF):
    return resource.getrusage(who).ru_maxrss / 1024  # Linux reports KiB


def fresh_model(seed=0):
    # The same weights in every mode and process: seeded, then d2l's Xavier-uniform.
    torch.manual_seed(seed)
    net = seed_nin.nin_net()
    net.apply(seed_nin.init_weights)
    return net


def summarise(reps, batch_size, parts, gflop_per_step=None):
    """Turn per-repetition lists of per-step part timings into the report's numbers."""
    per_rep = []
    for rep in reps:
        means = {p: statistics.fmean(step[p] for step in rep) for p in parts}
        total = statistics.fmean(sum(step[p] for p in parts) for step in rep)
        entry = {"seconds_per_step": total, "examples_per_sec": batch_size / total, **means}
        if gflop_per_step is not None:
            entry["gflops"] = gflop_per_step / total
        per_rep.append(entry)
    result = {
        "steps": len(reps[0]),
        "examples_per_sec": spread([r["examples_per_sec"] for r in per_rep]),
        "seconds_per_step": spread([r["seconds_per_step"] for r in per_rep]),
        "split_seconds": {p: spread([r[p] for r in per_rep]) for p in parts},
        "repetitions": per_rep,
    }
    if gflop_per_step is not None:
        result["gflops"] = spread([r["gflops"] for r in per_rep])
    return result


def autocast(args):
    """bf16: PyTorch's mixed precision on the CPU, float32 master weights; fp32: nothing."""
    if args.precision == "bf16":
        return torch.cpu.amp.autocast(dtype=torch.bfloat16)
    return contextlib.nullcontext()


def memory_format(args, net, X):
    """bf16 runs channels-last, the memory format oneDNN's bf16 convolutions want."""
    if args.precision == "bf16":
        return net.to(memory_format=torch.channels_last), X.contiguous(memory_format=torch.channels_last)
    return net, X


def train_step(net, optimizer, loss, X, y, args):
    """One step of train_ch6 (without its metric bookkeeping), timed by part."""
    t0 = time.perf_counter()
    optimizer.zero_grad()
    t1 = time.perf_counter()
    with autocast(args):
        l = loss(net(X), y)
    t2 = time.perf_counter()
    l.backward()
    t3 = time.perf_counter()
    optimizer.step()
    t4 = time.perf_counter()
    return {"forward": t2 - t1, "backward": t3 - t2, "update": (t1 - t0) + (t4 - t3)}


def random_batch(args):
    # Same shapes and value range as the loader's batches (ToTensor gives [0, 1]).
    torch.manual_seed(1)
    X = torch.rand(args.batch_size, 1, args.resize, args.resize)
    y = torch.randint(0, 10, (args.batch_size,))
    return X, y


def bench_train(args, macs):
    X, y = random_batch(args)
    net, X = memory_format(args, fresh_model(), X)
    net.train()
    optimizer = torch.optim.SGD(net.parameters(), lr=0.1)
    loss = nn.CrossEntropyLoss()
    reps = []
    for _ in range(args.repeat):
        for _ in range(args.warmup):
            train_step(net, optimizer, loss, X, y, args)
        reps.append([train_step(net, optimizer, loss, X, y, args) for _ in range(args.steps)])
    gflop = 2 * TRAIN_WORK * macs * args.batch_size / 1e9
    return {"input": "random", **summarise(reps, args.batch_size, ("forward", "backward", "update"), gflop)}


def bench_infer(args, macs):
    X, _ = random_batch(args)
    net, X = memory_format(args, fresh_model(), X)
    net.eval()

    def step():
        t0 = time.perf_counter()
        with autocast(args):
            net(X)
        return {"forward": time.perf_counter() - t0}

    reps = []
    with torch.no_grad():
        for _ in range(args.repeat):
            for _ in range(args.warmup):
                step()
            reps.append([step() for _ in range(args.steps)])
    gflop = 2 * macs * args.batch_size / 1e9
    return {"input": "random", **summarise(reps, args.batch_size, ("forward",), gflop)}


def train_loader(args):
    mnist_train, _ = seed_nin.fashion_mnist_datasets(args.resize, args.data, args.cache)
    return data.DataLoader(mnist_train, args.batch_size, shuffle=True, num_workers=args.workers)


def timed_next(it):
    t0 = time.perf_counter()
    batch = next(it)
    return batch, time.perf_counter() - t0


def bench_data(args, _macs):
    loader = train_loader(args)
    reps = []
    for _ in range(args.repeat):
        it = iter(loader)
        for _ in range(args.warmup):
            next(it)
        reps.append([{"data_wait": timed_next(it)[1]} for _ in range(args.steps)])
        # Ends this iterator's workers now, so each repetition starts from the same state.
        del it
    result = {"input": "fashion-mnist", "workers": args.workers,
              **summarise(reps, args.batch_size, ("data_wait",))}
    result["batches_per_sec"] = spread([1 / r["seconds_per_step"] for r in result["repetitions"]])
    # The workers start together and deliver their batches in bursts of --workers, so a window
    # of few batches may hold only already-finished ones and overstate the rate.
    if args.steps < 10 * args.workers:
        result["note"] = (f"only {args.steps} steps for {args.workers} workers: the rate is not "
                          f"steady-state; use --steps {10 * args.workers} or more")
    return result


def bench_e2e(args, macs):
    loader = train_loader(args)
    net, _ = memory_format(args, fresh_model(), torch.empty(1, 1, 1, 1))
    net.train()
    optimizer = torch.optim.SGD(net.parameters(), lr=0.1)
    loss = nn.CrossEntropyLoss()

    def step(it):
        (X, y), wait = timed_next(it)
        _, X = memory_format(args, net, X)
        return {"data_wait": wait, **train_step(net, optimizer, loss, X, y, args)}

    reps = []
    for _ in range(args.repeat):
        it = iter(loader)
        for _ in range(args.warmup):
            step(it)
        reps.append([step(it) for _ in range(args.steps)])
        del it
    gflop = 2 * TRAIN_WORK * macs * args.batch_size / 1e9
    return {"input": "fashion-mnist", "workers": args.workers,
            **summarise(reps, args.batch_size, ("data_wait", "forward", "backward", "update"), gflop)}


BENCHES = {"train": bench_train, "infer": bench_infer, "data": bench_data, "e2e": bench_e2e}


def measure_peak(args):
    conv = nn.Conv2d(PEAK_INPUT[1], PEAK_FILTERS, PEAK_KERNEL, padding=PEAK_PADDING)
    X = torch.rand(*PEAK_INPUT)
    out_hw = PEAK_INPUT[2] * PEAK_INPUT[3]  # padding 2 keeps 26x26
    gflop = 2 * conv.weight.numel() * out_hw * PEAK_INPUT[0] / 1e9
    seconds = []
    with torch.no_grad():
        conv(X)  # oneDNN builds its kernels on the first call
        # At least 5 timed runs: the peak is a best case, and on a shared virtual machine a
        # few runs are a noisy best.
        for _ in range(max(5, args.repeat)):
            t0 = time.perf_counter()
            conv(X)
            seconds.append(time.perf_counter() - t0)
    return {
        "op": "conv2d", "input": list(PEAK_INPUT), "filters": PEAK_FILTERS,
        "kernel": PEAK_KERNEL, "padding": PEAK_PADDING, "gflop": gflop,
        "seconds": spread(seconds), "gflops": spread([gflop / s for s in seconds]),
    }


def run_mode_in_child(args, mode):
    """Run one mode in a fresh interpreter and return its result dict."""
    with tempfile.TemporaryDirectory(prefix="nin-torch-bench-") as tmp:
        out = os.path.join(tmp, f"{mode}.json")
        cmd = [sys.executable, os.path.abspath(__file__), "--mode", mode, "--skip-peak",
               "--json", out, "--resize", str(args.resize), "--batch-size", str(args.batch_size),
               "--steps", str(args.steps), "--warmup", str(args.warmup),
               "--repeat", str(args.repeat), "--threads", str(args.threads),
               "--precision", args.precision,
               "--workers", str(args.workers), "--data", args.data, "--cache", args.cache]
        # The child's table is the parent's to print; its stderr (warnings, errors) passes on.
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        with open(out) as f:
            return json.load(f)["mode"][mode]


def fmt_spread(s, scale=1.0, digits=3):
    return (f"{s['median'] * scale:.{digits}f} "
            f"[{s['min'] * scale:.{digits}f}-{s['max'] * scale:.{digits}f}]")


def print_table(report):
    cfg = report["config"]
    print(f"\nPyTorch {report['torch_version']} (torchvision {report['torchvision_version']}), "
          f"{report['threads']} threads, {report['machine']['cpu']} x{report['machine']['cpus']}; "
          f"resize {cfg['resize']}, batch {cfg['batch_size']}, {cfg['steps']} steps x "
          f"{cfg['repeat']} repeats after {cfg['warmup']} warmup; median [min-max]")
    m = report["machine"]
    print(f"load average (1 min) before {m['load_average_before']:.2f}, "
          f"after {m['load_average_after']:.2f}")
    print(f"model: {report['model']['multiply_adds_per_example']:,} multiply-adds per example forward")
    header = f"{'mode':<6} {'examples/s':>22} {'s/step':>22} {'GFLOP/s':>22} {'of peak':>8} {'RSS MiB':>8}"
    print(header)
    print("-" * len(header))
    for mode, r in report["mode"].items():
        gflops = fmt_spread(r["gflops"], digits=1) if "gflops" in r else "-"
        share = f"{r['share_of_peak'] * 100:.1f}%" if "share_of_peak" in r else "-"
        print(f"{mode:<6} {fmt_spread(r['examples_per_sec'], digits=1):>22} "
              f"{fmt_spread(r['seconds_per_step']):>22} {gflops:>22} {share:>8} "
              f"{r['peak_rss_mib']:>8.0f}")
        split = ", ".join(f"{p} {fmt_spread(s)}" for p, s in r["split_seconds"].items())
        print(f"{'':<6} split s/step: {split}")
        if "note" in r:
            print(f"{'':<6} note: {r['note']}")
        if "batches_per_sec" in r:
            print(f"{'':<6} batches/s: {fmt_spread(r['batches_per_sec'], digits=2)}")
        if "workers_peak_rss_mib" in r:
            print(f"{'':<6} input: {r['input']}, {r['workers']} workers "
                  f"(largest worker peak RSS {r['workers_peak_rss_mib']:.0f} MiB)")
        else:
            print(f"{'':<6} input: {r['input']}")
    if "peak" in report:
        p = report["peak"]
        print(f"peak: conv2d {'x'.join(map(str, p['input']))}, {p['filters']} filters "
              f"{p['kernel']}x{p['kernel']} pad {p['padding']} ({p['gflop']:.1f} GFLOP): "
              f"{fmt_spread(p['gflops'], digits=1)} GFLOP/s, "
              f"{fmt_spread(p['seconds'])} s")


def cpu_name():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def non_negative_int(text):
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, got {text}")
    return value


def parse_args(argv):
    p = argparse.ArgumentParser(
        description="Benchmark the seed's NiN in PyTorch: the workloads of `nin bench`.",
        epilog="Modes: train (SGD step on random data), infer (eval-mode forward on random "
               "data), data (torchvision loader alone), e2e (loader + training steps), all.")
    p.add_argument("--mode", choices=MODES + ("all",), default="all", help="workload (default all)")
    p.add_argument("--resize", type=seed_nin.positive_int, default=224, help="image side (default 224)")
    p.add_argument("--batch-size", type=seed_nin.positive_int, default=128, help="batch size (default 128)")
    p.add_argument("--steps", type=seed_nin.positive_int, default=10, help="timed steps per repetition (default 10)")
    p.add_argument("--warmup", type=non_negative_int, default=2,
                   help="untimed steps before each repetition (default 2)")
    p.add_argument("--repeat", type=seed_nin.positive_int, default=3, help="repetitions (default 3)")
    p.add_argument("--threads", type=seed_nin.positive_int, default=seed_nin.default_threads(),
                   help="torch intra-op threads (default: all usable cores, %(default)s here)")
    p.add_argument("--workers", type=non_negative_int, default=seed_nin.get_dataloader_workers(),
                   help="DataLoader workers for data/e2e (default 4, as d2l)")
    p.add_argument("--data", default=seed_nin.DEFAULT_DATA_DIR,
                   help="directory with the four Fashion-MNIST .gz files (default %(default)s)")
    p.add_argument("--cache", default=seed_nin.default_cache_dir(),
                   help="where the decompressed files are kept for torchvision (default %(default)s)")
    p.add_argument("--precision", choices=("fp32", "bf16"), default="fp32",
                   help="fp32 (the seed's), or bf16: torch.cpu.amp.autocast(dtype=torch.bfloat16)"
                        " in channels-last (default fp32)")
    p.add_argument("--skip-peak", action="store_true",
                   help="do not measure the peak convolution (no share-of-peak column)")
    p.add_argument("--json", metavar="FILE", help="also write every number as JSON to FILE")
    args = p.parse_args(argv)
    if args.mode in ("data", "e2e", "all"):
        # Both draw from one pass over the training set; 60,000 examples make the epoch.
        batches = -(-60000 // args.batch_size)
        if args.warmup + args.steps > batches:
            p.error(f"--warmup + --steps must fit in one epoch ({batches} batches of {args.batch_size})")
    return p, args


def main(argv=None):
    parser, args = parse_args(argv)
    torch.set_num_threads(args.threads)
    try:
        macs = seed_nin.conv_multiply_adds(seed_nin.nin_net(), args.resize)
    except RuntimeError as e:
        parser.error(f"--resize {args.resize} is too small for NiN: {e}")
    report = {
        "tool": "pytorch",
        "torch_version": torch.__version__,
        "torchvision_version": torchvision.__version__,
        "threads": torch.get_num_threads(),
        # The load average tells whether other work shared the cores during the run: on a
        # 2-core machine a load near 2 before or after means the numbers are contended.
        "machine": {"cpu": cpu_name(), "cpus": os.cpu_count(), "platform": platform.platform(),
                    "load_average_before": os.getloadavg()[0]},
        "config": {"resize": args.resize, "batch_size": args.batch_size, "steps": args.steps,
                   "precision": args.precision,
                   "warmup": args.warmup, "repeat": args.repeat, "workers": args.workers},
        "model": {"multiply_adds_per_example": macs,
                  "forward_gflop_per_batch": 2 * macs * args.batch_size / 1e9,
                  "train_gflop_per_batch": 2 * TRAIN_WORK * macs * args.batch_size / 1e9},
        "mode": {},
    }
    if args.mode == "all":
        for mode in MODES:
            print(f"running {mode} in a fresh process...", flush=True)
            report["mode"][mode] = run_mode_in_child(args, mode)
    else:
        print(f"running {args.mode}...", flush=True)
        result = BENCHES[args.mode](args, macs)
        result["peak_rss_mib"] = rss_mib()
        if args.mode in ("data", "e2e"):
            # Workers have exited by now, so their peaks are in RUSAGE_CHILDREN (the largest).
            result["workers_peak_rss_mib"] = rss_mib(resource.RUSAGE_CHILDREN)
        report["mode"][args.mode] = result
    if not args.skip_peak:
        print("measuring the peak convolution...", flush=True)
        report["peak"] = measure_peak(args)
        for r in report["mode"].values():
            if "gflops" in r:
                r["share_of_peak"] = r["gflops"]["median"] / report["peak"]["gflops"]["max"]
    report["machine"]["load_average_after"] = os.getloadavg()[0]
    print_table(report)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(report, f, indent=2)
            f.write("\n")


if __name__ == "__main__":
    main()
