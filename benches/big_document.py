"""Writes a ~48 MB OpenAPI document: GitHub's REST API description (fetched
by `cargo xtask corpus --github` into target/corpus-cache/) seven times over,
each copy's paths, components and references renamed, so that nothing is
shared. A stand-in for the largest public descriptions (20-47 MB), to time
the generator at that size:

    python3 benches/big_document.py /tmp/big.json
    cargo build --release -p xtask
    /usr/bin/time -v target/release/xtask codegen --spec /tmp/big.json --out /tmp/big --name big
"""

import json
import re
import sys

SOURCE = "target/corpus-cache/package/generated/api.github.com.json"


def main(out_path, copies=7):
    source = json.load(open(SOURCE))
    base = json.dumps({"paths": source["paths"], "components": source["components"]})
    paths, components = {}, {kind: {} for kind in source["components"]}
    for i in range(copies):
        suffix = f"Copy{i}"
        text = re.sub(
            r'"#/components/([a-zA-Z]+)/([^"]+)"',
            lambda m: f'"#/components/{m.group(1)}/{m.group(2)}-{suffix}"',
            base,
        )
        copy = json.loads(text)
        for path, item in copy["paths"].items():
            for op in item.values():
                if isinstance(op, dict) and "operationId" in op:
                    op["operationId"] += f"-{suffix}"
            paths[f"/copy{i}{path}"] = item
        for kind, entries in copy["components"].items():
            for name, value in entries.items():
                components[kind][f"{name}-{suffix}"] = value
    document = dict(source, paths=paths, components=components)
    document.pop("x-webhooks", None)
    text = json.dumps(document)
    open(out_path, "w").write(text)
    print(f"{len(text) / 1e6:.1f} MB, {len(paths)} paths", file=sys.stderr)


main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/big.json")
