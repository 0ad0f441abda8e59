"""What `make run` says once the stack is up: where to look, what runs behind it, which variables."""
from local.layout import contract_lines

PAGES = (("citizen H5 home", "/h5/"), ("lawyer workbench", "/h5/lawyer"), ("staff console", "/h5/staff"),
         ("WeChat simulator", "/dev/wechat"), ("health", "/health"), ("OpenAPI", "/openapi.json"))


def banner(stack, paths, base, marks, loading=False):
    """loading: the seed loader is still loading what no first question needs."""
    env, width = stack.env, max(len(label) for label, _ in PAGES)
    lines = [f"\n掌上通 is running: /health answered {marks['/health']:.1f} s after start "
             f"(ready at: S3 {marks['S3']:.1f} s, DynamoDB {marks['DynamoDB']:.1f} s, "
             f"seeds {marks['seeds']:.1f} s).", "", "Open:"]
    if loading:
        lines[1:1] = ["The law library and the province's and national lawyers are still loading "
                      "(progress below); questions are dispatched meanwhile, to the county's and "
                      "city's lawyers first."]
    lines += [f"  {label:<{width}}  {base}{path}" for label, path in PAGES]
    lines += ["", "Behind it:",
              f"  DynamoDB     {env['AWS_ENDPOINT_URL_DYNAMODB']}"
              + (f"  (DynamoDB Local, data in {paths.dynamodb})" if stack.run_dynamodb else "  (yours)"),
              f"  S3           {env['AWS_ENDPOINT_URL_S3']}"
              + (f"  (SeaweedFS, bucket {env['UPLOAD_BUCKET']}, data in {paths.seaweedfs})"
                 if stack.run_s3 else "  (yours)"),
              f"  WeChat API   {env['WECHAT_API_BASE']}"
              + ("  (local stand-in; what it was sent: /_records?touser=OPENID)" if stack.run_wechat
                 else "  (yours)"),
              f"  scheduler    POST {base}/dev/tick at the top of every minute",
              f"  logs         {paths.logs}/*.log",
              "", "Contract variables (local values):"]
    lines += [f"  {line}" for line in contract_lines(stack)]
    lines += ["", "Ctrl-C stops everything."]
    return "\n".join(lines)
