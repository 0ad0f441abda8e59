"""The Lambda functions' IAM policy: the table, the upload bucket's objects and the app's log group.

Chalice embeds this document verbatim in each function role of the SAM template (autogen_policy
false), so it may hold CloudFormation intrinsics naming the resources of `infra/template.py`.
"""
from infra.template import LOG_GROUP, TABLE, UPLOAD_BUCKET

# No Scan: the house rule "never Scan in chalicelib" is enforced by the role, not only by review.
# Transact* calls are authorised per item as Put/Update/Delete/ConditionCheck.
TABLE_ACTIONS = [
    "dynamodb:BatchGetItem",
    "dynamodb:BatchWriteItem",
    "dynamodb:ConditionCheckItem",
    "dynamodb:DeleteItem",
    "dynamodb:DescribeTable",
    "dynamodb:GetItem",
    "dynamodb:PutItem",
    "dynamodb:Query",
    "dynamodb:UpdateItem",
]
INDEX_ACTIONS = ["dynamodb:Query"]
# HeadObject is authorised by s3:GetObject. Without s3:ListBucket, S3 answers 403 (not 404) for a
# missing key: the upload confirmation must treat both as "not uploaded".
OBJECT_ACTIONS = ["s3:DeleteObject", "s3:GetObject", "s3:PutObject"]
# The log group exists before the functions (template.py), so the role need not create groups.
LOG_ACTIONS = ["logs:CreateLogStream", "logs:PutLogEvents"]


def lambda_policy():
    """The policy document every function role gets."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "SingleTable",
                "Effect": "Allow",
                "Action": TABLE_ACTIONS,
                "Resource": [{"Fn::GetAtt": [TABLE, "Arn"]}],
            },
            {
                "Sid": "SingleTableIndexes",
                "Effect": "Allow",
                "Action": INDEX_ACTIONS,
                "Resource": [{"Fn::Sub": "${%s.Arn}/index/*" % TABLE}],
            },
            {
                "Sid": "UploadObjects",
                "Effect": "Allow",
                "Action": OBJECT_ACTIONS,
                "Resource": [{"Fn::Sub": "${%s.Arn}/*" % UPLOAD_BUCKET}],
            },
            {
                "Sid": "AppLogs",
                "Effect": "Allow",
                "Action": LOG_ACTIONS,
                # GetAtt Arn of a log group ends in ":*", which covers its streams.
                "Resource": [{"Fn::GetAtt": [LOG_GROUP, "Arn"]}],
            },
        ],
    }
