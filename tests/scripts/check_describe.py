#!/usr/bin/python3
"""`hotspot describe --json` is valid, complete, and one idea has one name and one default.

usage: check_describe.py HOTSPOT SCHEMA.json WORK_DIR

Checks, each a failure with the commands and options named:
  * the description validates against docs/describe.schema.json (python3-jsonschema);
  * it lists every command `hotspot --help` lists (and `cctv`'s subcommands);
  * one name per idea: no command declares an old spelling as its own name (--cell-size,
    --out-dir, --output, --json), every command writes through -o/--out, and an option a
    composing command (plan) adopted from a step keeps the step's name or takes the step's name
    as a prefix (--gistar-cell for gistar's --cell);
  * one default per idea: options of one name have the same type, choices and limits in every
    command, and the same default unless the command says why its default differs
    (`default_differs`, shown in --help);
  * an adopted option has the type, choices and limits of the step's own;
  * every command's --help works and its --write-config file reads back (`--config F --help`).
Exit 0 when all hold, 1 otherwise, 77 when python3-jsonschema is missing.
"""
import json
import os
import re
import subprocess
import sys
from collections import defaultdict

OLD_SPELLINGS = {"cell-size", "out-dir", "output", "json", "gistar-band-size"}


def main():
    if len(sys.argv) != 4:
        print(__doc__)
        return 2
    hotspot, schema_path, work = sys.argv[1:]
    os.makedirs(work, exist_ok=True)
    try:
        import jsonschema
    except ImportError:
        print("SKIPPED: python3-jsonschema is not installed")
        return 77
    failures = []

    def fail(message):
        failures.append(message)
        print("FAIL:", message)

    text = subprocess.run([hotspot, "describe", "--json"], check=True, capture_output=True, text=True).stdout
    description = json.loads(text)
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    validator = jsonschema.Draft202012Validator(schema)
    for error in sorted(validator.iter_errors(description), key=str):
        fail(f"schema: {'/'.join(str(p) for p in error.absolute_path)}: {error.message}")

    commands = {c["name"]: c for c in description["commands"]}
    # Every command the CLI offers is described.
    help_text = subprocess.run([hotspot, "--help"], capture_output=True, text=True).stdout
    listed = set(re.findall(r"^\s{2}([a-z]+)\s", help_text.split("Subcommands:")[-1], re.M))
    listed.discard("describe")
    cctv_help = subprocess.run([hotspot, "cctv", "--help"], capture_output=True, text=True).stdout
    listed |= {"cctv " + n for n in re.findall(r"^\s{2}([a-z]+)\s", cctv_help.split("Subcommands:")[-1], re.M)}
    for name in sorted(listed - set(commands)):
        fail(f"`hotspot {name}` is not in describe --json")

    by_name = defaultdict(list)
    for c in description["commands"]:
        names = {o["name"] for o in c["options"]}
        if "out" not in names:
            fail(f"{c['name']}: no -o/--out")
        else:
            out = next(o for o in c["options"] if o["name"] == "out")
            if out.get("short") != "-o":
                fail(f"{c['name']}: --out has no -o")
        for o in c["options"]:
            if o["name"] in OLD_SPELLINGS:
                fail(f"{c['name']}: --{o['name']} is an old spelling; declare the current name with the old one deprecated")
            by_name[o["name"]].append((c["name"], o))
            if "from_step" in o:
                step, step_name = o["from_step"], o["step_option"]
                if o["name"] not in (step_name, f"{step}-{step_name}"):
                    fail(f"{c['name']}: --{o['name']} adopts {step}'s --{step_name} under another name")
                source = next((x for x in commands.get(step, {"options": []})["options"] if x["name"] == step_name), None)
                if step in commands and source is None:
                    fail(f"{c['name']}: --{o['name']} comes from {step}'s --{step_name}, which {step} does not declare")
                if source is not None:
                    for key in ("type", "choices", "minimum", "maximum", "minimum_exclusive", "help"):
                        if source.get(key) != o.get(key):
                            fail(f"{c['name']} --{o['name']} and {step} --{step_name} differ in {key}: "
                                 f"{o.get(key)!r} against {source.get(key)!r}")
                    if source["default"] != o["default"] and "default_differs" not in o:
                        fail(f"{c['name']} --{o['name']} defaults to {o['default']!r}, {step} --{step_name} to "
                             f"{source['default']!r}, with no reason given")

    for name, uses in sorted(by_name.items()):
        if len(uses) < 2:
            continue
        first_command, first = uses[0]
        for command, o in uses[1:]:
            for key in ("type", "choices", "minimum", "maximum", "minimum_exclusive", "unit"):
                if first.get(key) != o.get(key) and "default_differs" not in o and "default_differs" not in first:
                    fail(f"--{name}: {key} is {first.get(key)!r} in {first_command} but {o.get(key)!r} in {command}")
        # Defaults: every command without a stated reason shares one default.
        plain = {(o["default"]) for _, o in uses if "default_differs" not in o}
        if len(plain) > 1:
            where = ", ".join(f"{c}={o['default']!r}" for c, o in uses if "default_differs" not in o)
            fail(f"--{name} has {len(plain)} defaults with no reason given: {where}")

    # --help and a written settings file that reads back, for every command.
    for name in commands:
        words = name.split()
        done = subprocess.run([hotspot, *words, "--help"], capture_output=True, text=True)
        if done.returncode != 0:
            fail(f"hotspot {name} --help exits {done.returncode}")
        path = os.path.join(work, name.replace(" ", "_") + ".toml")
        done = subprocess.run([hotspot, *words, "--write-config", path], capture_output=True, text=True)
        if done.returncode != 0 or not os.path.exists(path):
            fail(f"hotspot {name} --write-config failed: {done.stderr.strip()}")
            continue
        done = subprocess.run([hotspot, *words, "--config", path, "--help"], capture_output=True, text=True)
        if done.returncode != 0:
            fail(f"hotspot {name}: its written settings file does not read back: {done.stderr.strip()}")

    print(f"{len(commands)} commands, {sum(len(c['options']) for c in description['commands'])} options")
    if failures:
        print(f"{len(failures)} failures")
        return 1
    print("describe: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
