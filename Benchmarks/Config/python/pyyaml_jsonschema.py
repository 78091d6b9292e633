#!/usr/bin/env python3
"""The Python side of config-bench: PyYAML's C loader plus a jsonschema check.

    pyyaml_jsonschema.py --schema toolconfig.schema.json [--runs N] [--warmup N] [--serve] CONFIG.yaml [--broken=FILE ...]

Reads CONFIG.yaml once (not timed), builds a Draft202012Validator once (not timed, as the
Swift side's rules are compiled in), then times, in-process, `yaml.load(text,
Loader=yaml.CSafeLoader)` followed by `validator.validate(data)`, --runs times after --warmup
runs. Each --broken file breaks one rule and must be refused (by the loader or the schema);
that is checked once, untimed. Prints one JSON object on the last line.

With --serve (how config-bench uses it), the script prints the JSON object (without
timings) first and then does one timed run per line `run` read from standard input,
answering `LOAD_MS VALIDATE_MS`; config-bench alternates these with its own runs, so that
both sides see the same machine load. It stays idle, blocked on its input, while Swift runs.
"""
import argparse
import json
import platform
import statistics
import sys
import time
from importlib.metadata import version

import jsonschema
import yaml


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("config")
    parser.add_argument("--schema", required=True)
    parser.add_argument("--runs", type=int, default=31)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--broken", action="append", default=[])
    parser.add_argument("--serve", action="store_true")
    args = parser.parse_args()

    if not yaml.__with_libyaml__:
        sys.exit("pyyaml_jsonschema.py: PyYAML was built without libyaml; yaml.CSafeLoader is missing")
    with open(args.schema, encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    with open(args.config, encoding="utf-8") as f:
        text = f.read()

    def once():
        start = time.perf_counter()
        data = yaml.load(text, Loader=yaml.CSafeLoader)
        loaded = time.perf_counter()
        validator.validate(data)
        done = time.perf_counter()
        return data, (loaded - start) * 1e3, (done - loaded) * 1e3

    # Validity first (untimed), with every error, so a bad generator or schema is visible.
    data = yaml.load(text, Loader=yaml.CSafeLoader)
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    valid = not errors
    sanity = []
    for path in args.broken:
        with open(path, encoding="utf-8") as f:
            broken_text = f.read()
        try:
            broken = yaml.load(broken_text, Loader=yaml.CSafeLoader)
            error = jsonschema.exceptions.best_match(validator.iter_errors(broken))
            message = "" if error is None else f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
            sanity.append({"file": path, "rejected": error is not None, "message": message[:300]})
        except yaml.YAMLError as error:
            sanity.append({"file": path, "rejected": True, "message": str(error)[:300]})

    loads, validations, totals = [], [], []
    if valid and not args.serve:
        for _ in range(args.warmup):
            once()
        for _ in range(args.runs):
            _, load_ms, validate_ms = once()
            loads.append(load_ms)
            validations.append(validate_ms)
            totals.append(load_ms + validate_ms)

    def med(values):
        return statistics.median(values) if values else 0.0

    print(json.dumps({
        "python": platform.python_version(),
        "pyyaml": yaml.__version__,
        "libyaml": bool(yaml.__with_libyaml__),
        "jsonschema": version("jsonschema"),
        "runs": len(totals),
        "load_median_ms": med(loads),
        "validate_median_ms": med(validations),
        "total_median_ms": med(totals),
        "total_min_ms": min(totals) if totals else 0.0,
        "total_max_ms": max(totals) if totals else 0.0,
        "valid": valid,
        "errors": [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"[:300] for e in errors[:20]],
        "components": len(data.get("components") or {}) if isinstance(data, dict) else 0,
        "sanity": sanity,
    }), flush=True)
    if args.serve:
        while sys.stdin.readline().strip() == "run":
            _, load_ms, validate_ms = once()
            print(f"{load_ms:.6f} {validate_ms:.6f}", flush=True)


if __name__ == "__main__":
    main()
