#!/usr/bin/env python3
"""Token-flood benchmark client (Benchmarks/run auth).

Two roles, each its own process so neither's event loop slows the other:
  sample HOST PORT TOOL TOKEN N   N sequential requests with the valid token; prints latencies (ms) as JSON
  flood  HOST PORT TOOL N         N concurrent requests with well-formed made-up tokens of TOOL; prints status counts as JSON
"""
import asyncio
import json
import secrets
import sys
import time


async def get(host, port, path, token):
    reader, writer = await asyncio.open_connection(host, port)
    writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n".encode())
    await writer.drain()
    data = await reader.read()
    writer.close()
    try:
        return int(data.split(b" ", 2)[1])
    except (IndexError, ValueError):
        return 0


async def sample(host, port, tool, token, count):
    path = f"/v1/tool/{tool}/deployment"
    latencies = []
    for _ in range(count):
        start = time.perf_counter()
        status = await get(host, port, path, token)
        latencies.append((time.perf_counter() - start) * 1000)
        if status != 200:
            latencies[-1] = -status
    return latencies


async def flood(host, port, tool, count):
    path = f"/v1/tool/{tool}/deployment"

    async def one():
        try:
            return await asyncio.wait_for(get(host, port, path, f"ctt_{tool}_{secrets.token_urlsafe(32)}"), 60)
        except (asyncio.TimeoutError, OSError) as error:
            return type(error).__name__

    results = await asyncio.gather(*(one() for _ in range(count)))
    counts = {}
    for result in results:
        counts[str(result)] = counts.get(str(result), 0) + 1
    return counts


def main():
    role, host, port, tool = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    if role == "sample":
        print(json.dumps(asyncio.run(sample(host, port, tool, sys.argv[5], int(sys.argv[6])))))
    else:
        print(json.dumps(asyncio.run(flood(host, port, tool, int(sys.argv[5])))))


if __name__ == "__main__":
    main()
