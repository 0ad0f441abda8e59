"""The Lambda functions' IAM policy: the table, the upload bucket's objects, the app's log group and
the Official Accounts' secrets in SSM Parameter Store; and the stream reader's extra policy.

Chalice embeds `lambda_policy` verbatim in each function role of the SAM template (autogen_policy
false), so it may hold CloudFormation intrinsics naming the resources of `infra/template.py`.
`stream_read_policy` is added by the build to the role of the function the table's stream invokes
(infra/stream.py) and to no other.
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
# PutObject also signs the presigned POSTs; confirm's CopyObject needs GetObject on the pending key
# and PutObject on the final one; HeadObject is authorised by s3:GetObject. Without s3:ListBucket,
# S3 answers 403 (not 404) for a missing key: the upload confirmation treats both as "not uploaded".
# A video's multipart upload (chalicelib/videos/multipart.py): Create/UploadPart/Complete are
# authorised by s3:PutObject; the server lists the parts it completes and aborts a replaced upload.
OBJECT_ACTIONS = ["s3:AbortMultipartUpload", "s3:DeleteObject", "s3:GetObject",
                  "s3:ListMultipartUploadParts", "s3:PutObject"]
# What Lambda's poller needs, with the function's role, to read the table's stream.
STREAM_ACTIONS = ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"]
# The log group exists before the functions (template.py), so the role need not create groups.
LOG_ACTIONS = ["logs:CreateLogStream", "logs:PutLogEvents"]
# Each account's secrets are SecureStrings under /zhangshangtong/<stage>/accounts/<account>/, read with
# one GetParametersByPath (docs/decisions/many-bureaus.md §1); they are encrypted with the aws/ssm key,
# which the functions may use only through SSM.
SECRET_ACTIONS = ["ssm:GetParametersByPath"]
SECRET_KEY_ACTIONS = ["kms:Decrypt"]
VPC_ACTIONS = ["ec2:AssignPrivateIpAddresses", "ec2:CreateNetworkInterface",
               "ec2:DeleteNetworkInterface", "ec2:DescribeNetworkInterfaces",
               "ec2:UnassignPrivateIpAddresses"]


def ssm_prefix(stage):
    """SSM_PREFIX of a stage (what .chalice/config.json gives the functions)."""
    return f"/zhangshangtong/{stage}"


def lambda_policy(stage="prod"):
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
            {
                "Sid": "AccountSecrets",
                "Effect": "Allow",
                "Action": SECRET_ACTIONS,
                "Resource": [{"Fn::Sub": "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:"
                                         "parameter%s/accounts/*" % ssm_prefix(stage)}],
            },
            {
                # The platform's own secrets (session key, token relay key): chalicelib/platform_secrets.py.
                "Sid": "PlatformSecrets",
                "Effect": "Allow",
                "Action": SECRET_ACTIONS,
                # The path as IAM names it, with or without its closing slash.
                "Resource": [{"Fn::Sub": "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:"
                                         "parameter%s/platform%s" % (ssm_prefix(stage), tail)}
                             for tail in ("", "/*")],
            },
            # Functions in the egress VPC (docs/egress.md) manage their network interfaces, as
            # AWSLambdaVPCAccessExecutionRole allows; EC2 takes no resource ARN for these.
            {"Fn::If": ["InEgressVpc", {
                "Sid": "EgressVpcInterfaces",
                "Effect": "Allow",
                "Action": VPC_ACTIONS,
                "Resource": "*",
            }, {"Ref": "AWS::NoValue"}]},
            {
                "Sid": "AccountSecretsKey",
                "Effect": "Allow",
                "Action": SECRET_KEY_ACTIONS,
                "Resource": [{"Fn::Sub": "arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/*"}],
                "Condition": {"StringEquals": {
                    "kms:ViaService": {"Fn::Sub": "ssm.${AWS::Region}.${AWS::URLSuffix}"}}},
            },
        ],
    }


def stream_read_policy():
    """Reading the table's stream (only the stream function's role gets it)."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "TableStream",
                "Effect": "Allow",
                "Action": STREAM_ACTIONS,
                "Resource": [{"Fn::GetAtt": [TABLE, "StreamArn"]}],
            },
            {
                # The table's streams (one at a time; a new one appears if the stream is ever
                # disabled and enabled again), as in SAM's DynamoDBStreamReadPolicy.
                "Sid": "TableStreamList",
                "Effect": "Allow",
                "Action": ["dynamodb:ListStreams"],
                "Resource": [{"Fn::Sub": "${%s.Arn}/stream/*" % TABLE}],
            },
        ],
    }
