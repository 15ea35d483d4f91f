#!/usr/bin/env python3
"""An S3 client that is not ours: boto3 (the AWS SDK for Python, which moto
brings) creates a bucket and reports what is in it, so the tests check the
bucket without beitrag's own object_store client.

    bucket.py ENDPOINT create BUCKET
    bucket.py ENDPOINT list BUCKET   -> {"key": {"size": n, "type": "...", "sha256": "..."}}
"""
import hashlib
import json
import sys

import boto3


def main():
    endpoint, command, bucket = sys.argv[1:4]
    s3 = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="peer",
        aws_secret_access_key="peer-secret",
    )
    if command == "create":
        s3.create_bucket(Bucket=bucket)
        return
    if command != "list":
        sys.exit(f"unknown command {command}")
    objects = {}
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        for item in page.get("Contents", []):
            key = item["Key"]
            got = s3.get_object(Bucket=bucket, Key=key)
            body = got["Body"].read()
            objects[key] = {
                "size": len(body),
                "type": got.get("ContentType", ""),
                "sha256": hashlib.sha256(body).hexdigest(),
            }
    json.dump(objects, sys.stdout)


if __name__ == "__main__":
    main()
