"""Put the sample 普法 video in the local stack (`python -m local.sample_video`, run by local/run.py
once the table and bucket are there): chalicelib/videos/sample.py does the work."""
import sys

from chalicelib.videos import sample
from chalicelib.wiring import Services, use


def main():
    services = use(Services())
    services.table()
    added = sample.seed(services.s3(), services.settings.upload_bucket, services.settings.default_bureau,
                        services.clock.now())
    print("sample video: added" if added else "sample video: already there")
    return 0


if __name__ == "__main__":
    sys.exit(main())
