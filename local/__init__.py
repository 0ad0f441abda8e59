"""The `make run` stack: DynamoDB Local, SeaweedFS, a WeChat API stand-in, `chalice local` and a
minute scheduler, started together and stopped together (`python -m local.run`)."""
