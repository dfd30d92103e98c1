#!/usr/bin/python3
"""Converts every image of a folder as NiN for Java's image cache stores it, with Pillow, one
process per core, and prints images per second: decode, RGB, the longer side scaled to SIDE by area
averaging (Image.BOX) keeping the aspect, centred on a black square. The reference for the cache's
build rate (docs/results.md).

    bench/pillow_convert.py DIR SIDE
"""
import os
import sys
import time
from multiprocessing import Pool

from PIL import Image


def convert(path, side=int(sys.argv[2]) if len(sys.argv) > 2 else 224):
    with Image.open(path) as image:
        image = image.convert("RGB")
        w, h = image.size
        scale = side / max(w, h)
        size = (max(1, round(w * scale)), max(1, round(h * scale)))
        image = image.resize(size, Image.BOX)
        square = Image.new("RGB", (side, side))
        square.paste(image, ((side - size[0]) // 2, (side - size[1]) // 2))
        return len(square.tobytes())


def main():
    files = sorted(os.path.join(d, f) for d, _, fs in os.walk(sys.argv[1]) for f in fs
                   if f.lower().endswith((".jpg", ".jpeg", ".png")))
    start = time.perf_counter()
    with Pool(os.cpu_count()) as pool:
        total = sum(pool.map(convert, files, chunksize=16))
    seconds = time.perf_counter() - start
    print(f"{len(files)} images in {seconds:.2f} s: {len(files) / seconds:.1f} images/s"
          f" ({os.cpu_count()} processes, {total} bytes)")


if __name__ == "__main__":
    main()
