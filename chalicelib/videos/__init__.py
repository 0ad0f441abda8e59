"""普法视频 (issue 13): staff create videos and upload them straight to the bucket (multipart,
presigned parts), with a cover and WebVTT subtitles; citizens list and watch the published ones
through short-lived presigned links; plays are counted once per session, video and day."""
