#!/usr/bin/env python3
"""Makes package-lock.json acceptable to `npm ci` on this workplace.

The npm registry reachable here serves only some platform builds of native packages (for
example @unrs/resolver-binding-linux-x64-gnu, not its darwin or win32 siblings), so a lock
written by `npm install` here lacks the other platforms' optional dependencies, and `npm ci`
then refuses the lock as out of sync. This adds each missing optional dependency as an entry
with its version and its os/cpu taken from the package name; `npm ci` skips such entries on
other platforms without fetching them. Rerun after every `npm install`:

    python3 stack/lock-foreign-optionals.py package-lock.json
"""
import json
import re
import sys

PLATFORM = re.compile(r"-(android|darwin|freebsd|linux|openharmony|win32)-(arm64|arm|x64|ia32|loong64|ppc64|riscv64|s390x)")


def add_missing(lock: dict) -> int:
    packages = lock["packages"]
    added = 0
    for entry in list(packages.values()):
        for name, version in (entry.get("optionalDependencies") or {}).items():
            key = f"node_modules/{name}"
            if key in packages:
                continue
            stub = {"version": version, "optional": True}
            match = PLATFORM.search(name)
            if match:
                stub["os"], stub["cpu"] = [match.group(1)], [match.group(2)]
            packages[key] = stub
            added += 1
    lock["packages"] = dict(sorted(packages.items(), key=lambda kv: (kv[0] != "", kv[0])))
    return added


def main(path: str) -> None:
    with open(path, encoding="utf-8") as f:
        lock = json.load(f)
    added = add_missing(lock)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(lock, f, indent=2)
        f.write("\n")
    print(f"{path}: added {added} optional platform entries")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "package-lock.json")
