"""Run the seed loader the moment DynamoDB answers: `python -m local.seed_when_ready ENDPOINT [ARGS]`.

Importing the loader (boto3, the models, the datasets) takes about as long as DynamoDB Local takes to
start, so the stack starts the loader with the servers and lets it wait here, imports done.
"""
import sys
import time

from local.net import answers


def main(argv):
    endpoint, args = argv[0], argv[1:]
    import seeds.load
    while not answers(endpoint):
        time.sleep(0.05)
    return seeds.load.main(args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
