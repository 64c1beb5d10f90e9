#!/usr/bin/python3
"""Golden outputs of every command on the bundled sample, compared byte for byte.

usage: check_golden.py HOTSPOT SAMPLE_DIR WORK_DIR [--update] [--only NAME] [--list]

Each case of tests/golden/cases.txt is one command line (tippecanoe style: the case's name is
its arguments, slugged, so a golden file says what made it). The case runs into a fresh folder;
every file it writes, and what it prints on stdout, is hashed (SHA-256) and compared with
tests/golden/<name>.sha256. Nothing is stripped: the outputs carry no clock time or host
name, so the same inputs must give the same bytes (docs/reliability.md). Printed paths are the
case's own and are written as {out} / {sample} before hashing.

--update rewrites the golden files from this binary (use it only when a change of output is
intended, and say so in the commit). Exit 0 when every case matches, 1 otherwise.
"""
import hashlib
import os
import re
import shlex
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN = os.path.join(os.path.dirname(HERE), "golden")
ROOT = os.path.dirname(os.path.dirname(HERE))  # the repository: cases run from here


def cases():
    out = []
    with open(os.path.join(GOLDEN, "cases.txt"), encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            out.append(shlex.split(line))
    return out


def case_name(args):
    """The arguments that say what the case does, slugged: paths and the flags that take
    them are left out, and a --within-where filter is kept as the names it selects."""
    words = []
    skip = False
    for i, a in enumerate(args):
        if skip:
            skip = False
            continue
        if a.startswith("{sample}") or a.startswith("{out}"):
            continue
        nxt = args[i + 1] if i + 1 < len(args) else ""
        if a.startswith("-") and (nxt.startswith("{sample}") or nxt.startswith("{out}")):
            skip = True
            continue
        if a == "--within-where":
            words.append("_".join(re.findall(r"'([^']*)'", nxt)))
            skip = True
            continue
        words.append(a)
    slug = "_".join(words)
    slug = re.sub(r"[^A-Za-z0-9.,=-]+", "_", slug).strip("_")
    return slug[:120]


def digest(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def run_case(hotspot, sample, work, args):
    out = os.path.join(work, "out")
    if os.path.exists(work):
        shutil.rmtree(work)
    os.makedirs(out)
    # Inputs are named relative to the repository, as the README's commands name them: input
    # paths written into outputs (profile.json's sources) are then the same in every clone.
    sample = os.path.relpath(sample, ROOT)
    real = [a.replace("{sample}", sample).replace("{out}", out) for a in args]
    done = subprocess.run([hotspot] + real, capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        raise RuntimeError(f"exit {done.returncode}: {' '.join(real)}\n{done.stderr}")
    stdout = done.stdout.replace(out, "{out}").replace(sample, "{sample}")
    lines = [f"{hashlib.sha256(stdout.encode()).hexdigest()}  (stdout)"]
    for root, _, files in os.walk(out):
        for name in sorted(files):
            path = os.path.join(root, name)
            lines.append(f"{digest(path)}  {os.path.relpath(path, out)}")
    lines[1:] = sorted(lines[1:], key=lambda l: l.split("  ", 1)[1])
    return "\n".join(lines) + "\n", stdout


def main():
    argv = sys.argv[1:]
    update = "--update" in argv
    only = None
    if "--only" in argv:
        only = argv[argv.index("--only") + 1]
    positional = [a for i, a in enumerate(argv) if not a.startswith("--") and (i == 0 or argv[i - 1] != "--only")]
    if "--list" in argv:
        for args in cases():
            print(case_name(args))
        return 0
    if len(positional) != 3:
        print(__doc__)
        return 2
    hotspot, sample, work = (os.path.abspath(p) for p in positional)
    failed = []
    for args in cases():
        name = case_name(args)
        if only and only != name:
            continue
        try:
            got, stdout = run_case(hotspot, sample, os.path.join(work, name), args)
        except RuntimeError as e:
            print(f"FAIL {name}: {e}")
            failed.append(name)
            continue
        golden = os.path.join(GOLDEN, name + ".sha256")
        if update:
            with open(golden, "w", encoding="utf-8") as f:
                f.write(got)
            print(f"wrote {os.path.relpath(golden)}")
            continue
        if not os.path.exists(golden):
            print(f"FAIL {name}: no golden file {golden} (run with --update)")
            failed.append(name)
            continue
        with open(golden, encoding="utf-8") as f:
            want = f.read()
        if got == want:
            print(f"ok   {name}")
            continue
        failed.append(name)
        want_lines = {l.split("  ", 1)[1]: l.split("  ", 1)[0] for l in want.splitlines()}
        got_lines = {l.split("  ", 1)[1]: l.split("  ", 1)[0] for l in got.splitlines()}
        print(f"FAIL {name}:")
        for file in sorted(set(want_lines) | set(got_lines)):
            if want_lines.get(file) != got_lines.get(file):
                state = "missing" if file not in got_lines else "new" if file not in want_lines else "differs"
                print(f"  {state}: {file}")
        if want_lines.get("(stdout)") != got_lines.get("(stdout)"):
            print("  stdout now:\n    " + stdout.replace("\n", "\n    "))
    if failed:
        print(f"{len(failed)} case(s) differ: {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
