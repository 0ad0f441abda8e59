"""Everything a deployment needs: the CloudFormation merge template, the Lambda role's policy and
the build that stages the app and runs `chalice package` (docs/deploy.md)."""
