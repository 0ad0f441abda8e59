"""Loads the seeds into the table: `python -m seeds.load [--only lawyers,laws] [--lawyers N]`.

Idempotent and fast when nothing changed: each dataset's content hash is kept in a marker item
(PK `SEED`, SK `<dataset>`; AP-07 in docs/data-model.md), and a dataset whose hash matches is
skipped without reading its items.

What a first question needs loads first (reference data, the lawyers of the bureau's county and
city); the library, the province's lawyers and the national pool last. `--ready-file PATH` creates
PATH the moment the first part is in, so `make run` can start the app while the rest loads.
"""
import argparse
import dataclasses
import os
import sys
import time
from pathlib import Path

import boto3
from botocore.config import Config

from chalicelib.clock import SystemClock
from chalicelib.db import base, schema
from chalicelib.settings import get_settings
from seeds import duty_roster
from seeds.datasets import all_datasets, generated_people_allowed
from seeds.lawyers import DEFAULT_COUNT, XINFENG
from seeds.writer import Writer

MARKER_PK = "SEED"


class UnknownDataset(ValueError):
    pass


class PeopleRefused(ValueError):
    """Only invented people were asked for, in a stage that must not have them."""


def _without_people(datasets, stage, only, progress):
    """The datasets a `stage` may load: invented people (lawyers, staff) only when STAGE says local
    or dev explicitly, so a `make seed` against a real table (STAGE=prod, or no STAGE at all)
    writes reference data alone, and says so."""
    if generated_people_allowed(stage):
        return datasets
    people = [d for d in datasets if d.people]
    if not people:
        return datasets
    kept = [d for d in datasets if not d.people]
    said = f"STAGE={stage}" if stage else "no STAGE"
    if only and not kept:
        raise PeopleRefused(f"{', '.join(d.name for d in people)}: invented people are loaded only "
                            f"when STAGE is local or dev ({said}); import real lawyers with "
                            "POST /api/staff/lawyers/import (docs/seeds.md)")
    progress(f"reference data only ({said}): no invented lawyers or staff; import the bureau's "
             "roster with POST /api/staff/lawyers/import (docs/seeds.md)")
    return kept


def load_all(table_name=None, *, progress=print, only=None, lawyer_count=DEFAULT_COUNT,
             client=None, threads=4, method=None, county=None, on_ready=None,
             background_every=10.0, stage=None):
    """Create the table if missing and load every dataset whose content changed.

    method: "batch" or "transact" (see seeds.writer); by default transactions when an endpoint
    is configured (DynamoDB Local), batches against DynamoDB itself. county: whose lawyers come
    first (default BUREAU_COUNTY). on_ready() is called once everything but the background
    datasets (the library, the province's lawyers, the national pool) is in; their progress
    is reported every `background_every` seconds. stage: what decides whether invented people
    load (default: the STAGE variable as set, not its local default; see _without_people).
    Returns {dataset: items written, or None when skipped as up to date}.
    """
    started = time.perf_counter()
    settings = get_settings()
    if table_name:
        settings = dataclasses.replace(settings, table_name=table_name)
    base.bind(settings)
    client = client or dynamodb_client(settings, threads)
    county = county or settings.bureau_county or XINFENG["county"]
    stage = os.environ.get("STAGE", "") if stage is None else stage
    datasets = _without_people(_select(all_datasets(lawyer_count, county), only), stage, only,
                               progress)
    datasets = [d for d in datasets if not d.background] + [d for d in datasets if d.background]
    try:  # DescribeTable takes ~0.2 s on DynamoDB Local with the full pool; this read does not
        markers, created = read_markers(client, settings.table_name, datasets), False
    except client.exceptions.ResourceNotFoundException:
        markers, created = {}, ensure_table(client, settings.table_name)
    method = method or ("transact" if settings.dynamodb_endpoint else "batch")
    writer = Writer(client, settings.table_name, threads=threads, method=method, progress=progress)
    digests = {d.name: d.fingerprint() for d in datasets}
    behind = [d for d in datasets if d.background and markers.get(d.name) != digests[d.name]]
    results, ready = {}, False

    def first_part_done():
        if behind:
            progress(_ready_line(behind, time.perf_counter() - started))
        if on_ready:
            on_ready()
        return True
    for dataset in datasets:
        if dataset.background and not ready:
            ready = first_part_done()
        if markers.get(dataset.name) == digests[dataset.name]:
            results[dataset.name] = None
            continue
        # A fresh table holds no runtime state, so insert-only datasets may skip the key check.
        results[dataset.name] = writer.write(
            dataset.title, dataset.items(), insert_only=dataset.insert_only and not created,
            counts=dataset.counts, noun=dataset.noun, total=dataset.size and dataset.size(),
            refresh=dataset.refresh,
            every_seconds=background_every if dataset.background else None).items
        write_marker(client, settings.table_name, dataset.name, digests[dataset.name])
    if not ready:
        first_part_done()
    skipped = [name for name, written in results.items() if written is None]
    if skipped:
        progress(f"seeds up to date: {', '.join(skipped)} "
                 f"({time.perf_counter() - started:.2f} s in all)")
    if behind:
        lawyers = sum(d.size() for d in datasets if d.group == "lawyers")
        progress(f"all {lawyers:,} lawyers are in ({time.perf_counter() - started:.0f} s in all)")
    return results


def _ready_line(behind, seconds):
    still = ", ".join(f"{d.title} ({d.size():,} {d.noun})" if d.size else d.title for d in behind)
    return f"ready for a first question after {seconds:.1f} s; still to load: {still}"


def dynamodb_client(settings, threads=4):
    """A client for bulk loading: more patient than the request path's 1 s / 2 s budget."""
    return boto3.client(
        "dynamodb", region_name=settings.aws_region,
        endpoint_url=settings.dynamodb_endpoint or None,
        # Items come from the models' own serialize(); validating them again costs ~30% of the load.
        config=Config(connect_timeout=5, read_timeout=60, max_pool_connections=threads * 2,
                      parameter_validation=False,
                      retries={"max_attempts": 5, "mode": "standard"}))


def ensure_table(client, table_name):
    """Create the table from the schema if it does not exist; True when it was created."""
    try:
        client.describe_table(TableName=table_name)
        return False
    except client.exceptions.ResourceNotFoundException:
        pass
    client.create_table(**schema.table_definition(table_name))
    client.get_waiter("table_exists").wait(TableName=table_name,
                                           WaiterConfig={"Delay": 1, "MaxAttempts": 60})
    client.update_time_to_live(TableName=table_name, TimeToLiveSpecification={
        "Enabled": True, "AttributeName": schema.TTL_ATTRIBUTE})
    return True


def marker_key(name):
    return {"PK": {"S": MARKER_PK}, "SK": {"S": name}}


def read_markers(client, table_name, datasets):
    """{dataset: content hash} of the datasets the table already holds."""
    request = {table_name: {"Keys": [marker_key(d.name) for d in datasets],
                            "ConsistentRead": True}}
    markers = {}
    while request:
        answer = client.batch_get_item(RequestItems=request)
        for item in answer["Responses"].get(table_name, []):
            markers[item["SK"]["S"]] = item["hash"]["S"]
        request = answer.get("UnprocessedKeys")
    return markers


def write_marker(client, table_name, name, digest):
    client.put_item(TableName=table_name, Item={
        **marker_key(name), "type": {"S": "SeedMarker"}, "hash": {"S": digest}})


def _select(datasets, only):
    if not only:
        return datasets
    wanted = only.split(",") if isinstance(only, str) else list(only)
    known = {d.name for d in datasets} | {d.group for d in datasets if d.group}
    unknown = set(wanted) - known
    if unknown:
        raise UnknownDataset(f"unknown datasets: {', '.join(sorted(unknown))}; "
                             f"known: {', '.join(sorted(known))}")
    return [d for d in datasets if d.name in wanted or d.group in wanted]


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m seeds.load", description=__doc__)
    parser.add_argument("--only", help="comma-separated datasets (default: all)")
    parser.add_argument("--table", help="table name (default: TABLE_NAME)")
    parser.add_argument("--lawyers", type=int, default=DEFAULT_COUNT, help="lawyers to generate")
    parser.add_argument("--threads", type=int, default=4, help="parallel writers")
    parser.add_argument("--method", choices=("batch", "transact"),
                        help="write method (default: transact with an endpoint, else batch)")
    parser.add_argument("--ready-file", type=Path,
                        help="created once what a first question needs is loaded")
    args = parser.parse_args(argv)
    if get_settings().dynamodb_endpoint:  # DynamoDB Local wants credentials, any will do
        os.environ.setdefault("AWS_ACCESS_KEY_ID", "local")
        os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "local")

    def ready():  # the county's lawyers are in: staff their shifts before a first question comes
        fill_demo_roster()
        if args.ready_file:
            args.ready_file.touch()
    try:
        load_all(args.table, only=args.only, lawyer_count=args.lawyers, threads=args.threads,
                 method=args.method, on_ready=ready)
    except (UnknownDataset, PeopleRefused) as error:
        parser.error(str(error))
    return 0


def fill_demo_roster():
    """Local and dev stages only, and only when STAGE says so (a `make seed` against a real table
    without STAGE must not put invented lawyers on duty): see seeds/duty_roster.py."""
    settings = get_settings()
    try:
        duty_roster.fill(SystemClock().now(), stage=os.environ.get("STAGE", ""),
                         county=settings.bureau_county, policy=settings.consultation)
    except Exception as error:  # demo data: never worth failing `make run` for
        print(f"duty roster not filled: {error}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
