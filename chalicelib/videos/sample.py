"""The local stack's sample video (`make run`): seeds/videos/sample.mp4 (6 s, 320×180, H.264
baseline + AAC, 72 KB, made once with ffmpeg's test source), its cover and Chinese WebVTT subtitles
put in the bucket, and one published video of the default bureau pointing at them. Written once:
a second start finds it and changes nothing."""
from pathlib import Path

from chalicelib.clock import iso
from chalicelib.db import videos as db

FOLDER = Path(__file__).resolve().parents[2] / "seeds" / "videos"
SAMPLE_ID = "20260101-00000000005a"
FILES = {"video": ("sample.mp4", "video/mp4"), "cover": ("cover.jpg", "image/jpeg"),
         "subtitles": ("sample.vtt", "text/vtt")}


def seed(s3, bucket, bureau, now):
    """Put the sample files and the published video; False if it was there already."""
    if db.get(bureau, SAMPLE_ID) is not None:
        return False
    stored = {}
    for name, (filename, content_type) in FILES.items():
        data = (FOLDER / filename).read_bytes()
        key = f"videos/{bureau}/{SAMPLE_ID}/{filename}"
        s3.put_object(Bucket=bucket, Key=key, Body=data, ContentType=content_type)
        stored[name] = {"key": key, "size": len(data), "content_type": content_type}
    video = db.new_video(
        bureau=bureau, video_id=SAMPLE_ID, title="普法小剧场：工资被拖欠怎么办", series="普法小剧场",
        tags=["劳动权益", "欠薪"], awards=["示例视频（本地演示）"],
        summary="老王的工资被拖欠了三个月。六秒钟告诉你：留好证据，找劳动人事争议仲裁委员会。",
        status="published", published_at=iso(now), created_at=iso(now), created_by="seed", **stored)
    return db.create(video)
