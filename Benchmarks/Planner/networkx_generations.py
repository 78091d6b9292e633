#!/usr/bin/env python3
"""Times networkx.topological_generations on edge-list files written by planner-bench.

Each file: the node count on the first line, then one "u v" line per edge u -> v.
Prints one JSON object per file: size, runs, generations, version, and two timings:
- best_ms / median_ms: topological_generations alone, on a DiGraph built beforehand;
- build_best_ms / build_median_ms: building the DiGraph from the edge list (already in
  memory) plus topological_generations, the closer match to the planner, which starts from
  names and edges too.
"""
import json
import statistics
import sys
import time

import networkx


def runs_for(size):
    return 50 if size <= 1_000 else 15 if size <= 10_000 else 5


def main(paths):
    for path in paths:
        with open(path) as f:
            size = int(f.readline())
            edges = [tuple(map(int, line.split())) for line in f if line.strip()]
        graph = networkx.DiGraph()
        graph.add_nodes_from(range(size))
        graph.add_edges_from(edges)
        generations = list(networkx.topological_generations(graph))  # warm-up
        samples = []
        for _ in range(runs_for(size)):
            start = time.perf_counter()
            generations = list(networkx.topological_generations(graph))
            samples.append((time.perf_counter() - start) * 1e3)
        with_build = []
        for _ in range(runs_for(size)):
            start = time.perf_counter()
            built = networkx.DiGraph()
            built.add_nodes_from(range(size))
            built.add_edges_from(edges)
            list(networkx.topological_generations(built))
            with_build.append((time.perf_counter() - start) * 1e3)
        print(json.dumps({
            "size": size,
            "runs": len(samples),
            "best_ms": min(samples),
            "median_ms": statistics.median(samples),
            "build_best_ms": min(with_build),
            "build_median_ms": statistics.median(with_build),
            "generations": len(generations),
            "version": networkx.__version__,
        }), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
