#!/usr/bin/python3
"""No module cycle (issue 16): the library's modules (the folders of include/hotspot/ and src/)
and the includes between them must form a directed acyclic graph.

usage: check_module_cycles.py REPO_ROOT

A module is the first folder under include/hotspot/ or src/ (src/cli is the front end, a module
too). A file of module A that includes "hotspot/B/..." makes the edge A -> B. Prints the
modules in dependency order (a module after everything it uses), or every cycle found with one
include that makes each of its edges; exits 1 on a cycle.
"""
import os
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s+"hotspot/([a-z_0-9]+)/')


def module_of(root, path):
    rel = os.path.relpath(path, root).split(os.sep)
    if rel[0] == "include" and len(rel) > 3 and rel[1] == "hotspot":
        return rel[2]
    if rel[0] == "src" and len(rel) > 2:
        return rel[1]
    return None


def main():
    root = os.path.abspath(sys.argv[1])
    edges, witness = {}, {}
    for top in ("include/hotspot", "src"):
        for folder, _, names in os.walk(os.path.join(root, top)):
            for name in names:
                if not name.endswith((".hpp", ".cpp", ".h")):
                    continue
                path = os.path.join(folder, name)
                a = module_of(root, path)
                if a is None:
                    continue
                edges.setdefault(a, set())
                with open(path, encoding="utf-8") as f:
                    for number, line in enumerate(f, 1):
                        m = INCLUDE.match(line)
                        if m and m.group(1) != a:
                            b = m.group(1)
                            edges[a].add(b)
                            edges.setdefault(b, set())
                            witness.setdefault((a, b), f"{os.path.relpath(path, root)}:{number}")
    # Tarjan's strongly connected components.
    index, low, stack, on, sccs, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            scc = []
            while True:
                w = stack.pop()
                on.discard(w)
                scc.append(w)
                if w == v:
                    break
            sccs.append(sorted(scc))

    sys.setrecursionlimit(10000)
    for v in sorted(edges):
        if v not in index:
            visit(v)
    cycles = [scc for scc in sccs if len(scc) > 1]
    if cycles:
        for scc in cycles:
            print("cycle among modules: " + ", ".join(scc))
            for a in scc:
                for b in sorted(edges[a] & set(scc)):
                    print(f"  {a} -> {b}  ({witness[(a, b)]})")
        return 1
    # Tarjan emits components in reverse topological order: dependencies first.
    print(f"{len(edges)} modules, {sum(len(e) for e in edges.values())} dependencies, no cycle:")
    print("  " + " < ".join(scc[0] for scc in sccs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
