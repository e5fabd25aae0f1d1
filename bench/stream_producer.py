#!/usr/bin/env python3
"""The seed's stream producer (seeds/003), written out from its description for the side-by-side
benchmark: the same options and defaults, pandas chunks of 1000 rows, one XADD per row, the
pandas Series text dump in `data`, a progress line every 100 records and the same summary.
The seed gives no source code; this follows its design, options and output word for word."""
import argparse
import os
import sys
import time
from datetime import datetime

import pandas as pd
import redis


def main():
    p = argparse.ArgumentParser(description="Stream producer for DDoS detection")
    p.add_argument("--records", type=int, default=100, help="Maximum number of records to process")
    p.add_argument("--delay", type=float, default=0.1, help="Delay between records in seconds")
    p.add_argument("--csv-path", default="../dataset/network_traffic.csv", help="Path to CSV file")
    p.add_argument("--redis-host", default="localhost", help="Redis host")
    p.add_argument("--redis-port", type=int, default=6379, help="Redis port")
    a = p.parse_args()

    print("Starting Stream Producer for DDoS Detection")
    print("=" * 60)
    print(f"CSV Path: {a.csv_path}")
    print(f"Max Records: {a.records}")
    print(f"Delay: {a.delay}s")
    print(f"Redis: {a.redis_host}:{a.redis_port}")
    print("=" * 60)
    r = redis.Redis(host=a.redis_host, port=a.redis_port, decode_responses=True)
    try:
        r.ping()
        print("Redis connection successful")
    except redis.ConnectionError as e:
        print(f"Redis connection failed: {e}")
        sys.exit(1)
    if not os.path.exists(a.csv_path):
        print(f"CSV file not found: {a.csv_path}")
        sys.exit(1)

    print(f"Reading CSV file: {a.csv_path}")
    start = time.time()
    sent = 0
    limit = a.records if a.records and a.records > 0 else None
    done = False
    for chunk in pd.read_csv(a.csv_path, chunksize=1000):
        print(f"Processing chunk with {len(chunk)} records...")
        for _, row in chunk.iterrows():
            try:
                ts = row.get("timestamp")
                record = {
                    "data": str(row),
                    "timestamp": str(ts) if pd.notna(ts) else datetime.now().isoformat(),
                    "source_ip": str(row.get("source_ip", "")),
                    "dest_ip": str(row.get("dest_ip", "")),
                    "protocol": str(row.get("protocol", "")),
                    "is_attack": str(row.get("is_attack", "")),
                }
                r.xadd("network_traffic", record)
                sent += 1
                if sent % 100 == 0:
                    print(f"Sent {sent} records...")
                if a.delay > 0:
                    time.sleep(a.delay)
            except Exception as e:  # the seed goes on after a bad record
                print(f"Error processing record: {e}")
            if limit and sent >= limit:
                print(f"Reached limit of {limit} records")
                done = True
                break
        if done:
            break
    total = time.time() - start
    print("=" * 60)
    print("PRODUCER SUMMARY")
    print("=" * 60)
    print(f"Records sent: {sent}")
    print(f"Total time: {total:.2f} seconds")
    print(f"Rate: {sent / total if total > 0 else 0:.2f} records/second")
    print("=" * 60)


if __name__ == "__main__":
    main()
