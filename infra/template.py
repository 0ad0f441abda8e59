"""The CloudFormation template merged into Chalice's SAM output: the single table, the upload
bucket, the log group, the deploy-time parameters and the functions' environment.

The table comes from `chalicelib.db.schema.table_definition` — the only definition of its keys and
indexes. Every ARN goes through `${AWS::Partition}` (via GetAtt/Sub) so the same template deploys
to `aws` and `aws-cn`.
"""
from chalicelib.applications.uploads import PENDING_PREFIX
from chalicelib.db.schema import TTL_ATTRIBUTE, table_definition
from chalicelib.web.gateway import gateway_responses
from infra import alarms
from infra.parameters import PARAMETERS, parameters

TABLE, UPLOAD_BUCKET, LOG_GROUP = "AppTable", "UploadBucket", "AppLogGroup"
REST_API = "RestAPI"  # the API Chalice generates; the merge adds to its properties
IN_VPC = "InEgressVpc"  # EgressSubnetIds given (docs/egress.md)

# 网络安全法 art. 21: network logs are kept for no less than six months; 365 is the smallest
# CloudWatch retention that surely covers six calendar months.
LOG_RETENTION_DAYS = 365


def table():
    properties = table_definition("unused")
    # CloudFormation names the table; the functions learn it from TABLE_NAME, and a table kept by
    # the Retain policy never blocks a new stack with a name clash.
    del properties["TableName"]
    properties.update({
        "TimeToLiveSpecification": {"AttributeName": TTL_ATTRIBUTE, "Enabled": True},
        "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": True},
        "SSESpecification": {"SSEEnabled": True},
        # New outbox records reach delivery through the stream (infra/stream.py); the new image
        # alone is what the handler reads.
        "StreamSpecification": {"StreamViewType": "NEW_IMAGE"},
    })
    return _retained({"Type": "AWS::DynamoDB::Table", "Properties": properties})


def upload_bucket():
    """Citizens' application materials: private, encrypted, reached only through presigned URLs."""
    return _retained({
        "Type": "AWS::S3::Bucket",
        "Properties": {
            "PublicAccessBlockConfiguration": {
                "BlockPublicAcls": True, "BlockPublicPolicy": True,
                "IgnorePublicAcls": True, "RestrictPublicBuckets": True,
            },
            "OwnershipControls": {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]},
            "BucketEncryption": {"ServerSideEncryptionConfiguration": [
                {"ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}},
            ]},
            "CorsConfiguration": {"CorsRules": [{
                "AllowedOrigins": [{"Ref": "H5Origin"}],
                "AllowedMethods": ["GET", "POST", "PUT"],
                "AllowedHeaders": ["*"],
                "ExposedHeaders": ["ETag"],
                "MaxAge": 3000,
            }]},
            # Presigned POSTs write under the pending prefix and confirm copies the checked file
            # out, so whatever is still there a day later was abandoned or refused.
            "LifecycleConfiguration": {"Rules": [
                {"Id": "ExpireAbandonedUploads", "Status": "Enabled",
                 "Prefix": PENDING_PREFIX, "ExpirationInDays": 1},
                {"Id": "AbortIncompleteMultipartUploads", "Status": "Enabled",
                 "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 1}},
            ]},
        },
    })


def upload_bucket_policy():
    """Refuse plain HTTP: presigned URLs would otherwise carry materials unencrypted."""
    bucket_arn = {"Fn::GetAtt": [UPLOAD_BUCKET, "Arn"]}
    return {
        "Type": "AWS::S3::BucketPolicy",
        "Properties": {
            "Bucket": {"Ref": UPLOAD_BUCKET},
            "PolicyDocument": {"Version": "2012-10-17", "Statement": [{
                "Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*",
                "Action": "s3:*",
                "Resource": [bucket_arn, {"Fn::Sub": "${%s.Arn}/*" % UPLOAD_BUCKET}],
                "Condition": {"Bool": {"aws:SecureTransport": "false"}},
            }]},
        },
    }


def log_group():
    """One group for every function (Lambda LoggingConfig), so the role can be scoped to it.

    Unnamed, like the table and bucket: a group kept by Retain never clashes with a new stack.
    """
    return _retained({
        "Type": "AWS::Logs::LogGroup",
        "Properties": {"RetentionInDays": LOG_RETENTION_DAYS},
    })


def function_globals():
    """SAM Globals: merged into every function Chalice generates, whatever their names."""
    variables = {p.env: {"Ref": p.name} for p in PARAMETERS if p.for_functions}
    variables.update({"TABLE_NAME": {"Ref": TABLE}, "UPLOAD_BUCKET": {"Ref": UPLOAD_BUCKET},
                      "METRICS_NAMESPACE": alarms.NAMESPACE})
    return {"Function": {
        "Environment": {"Variables": variables},
        "LoggingConfig": {"LogGroup": {"Ref": LOG_GROUP}, "LogFormat": "Text"},
        # Egress option "VPC + NAT gateway" (docs/egress.md): with subnets given, every function
        # leaves through their NAT gateway's Elastic IP, the one on WeChat's IP whitelist.
        "VpcConfig": {"Fn::If": [IN_VPC, {
            "SubnetIds": {"Ref": "EgressSubnetIds"},
            "SecurityGroupIds": {"Ref": "EgressSecurityGroupIds"}}, {"Ref": "AWS::NoValue"}]},
    }}


def conditions():
    return {IN_VPC: {"Fn::Not": [{"Fn::Equals": [{"Fn::Join": ["", {"Ref": "EgressSubnetIds"}]}, ""]}]},
            **alarms.conditions()}


def outputs():
    return {
        "TableName": {"Description": "TABLE_NAME for seeds.load", "Value": {"Ref": TABLE}},
        "UploadBucketName": {"Value": {"Ref": UPLOAD_BUCKET}},
        "LogGroupName": {"Value": {"Ref": LOG_GROUP}},
        **alarms.outputs(),
    }


def merge_template():
    """The document passed to `chalice package --merge-template`."""
    return {
        "Description": "掌上通 (Zhangshangtong) — county justice bureau WeChat platform",
        "Parameters": parameters(),
        "Conditions": conditions(),
        "Globals": function_globals(),
        "Resources": {
            TABLE: table(),
            UPLOAD_BUCKET: upload_bucket(),
            UPLOAD_BUCKET + "Policy": upload_bucket_policy(),
            LOG_GROUP: log_group(),
            # A missing route or method is answered by the gateway itself: in the contract's shape.
            # Named after the stack, so the 5xx alarm finds its API Gateway metrics (ApiName).
            REST_API: {"Properties": {"GatewayResponses": gateway_responses(),
                                      "Name": {"Ref": "AWS::StackName"}}},
            **alarms.resources(),
        },
        "Outputs": outputs(),
    }


def _retained(resource):
    # Citizens' records and legally required logs outlive any stack update or deletion.
    return {"DeletionPolicy": "Retain", "UpdateReplacePolicy": "Retain", **resource}
