"""Threads released at the same instant, for the races only a real engine (DynamoDB Local) can judge."""
import threading


def together(*calls):
    """Run the calls on threads released at the same instant; their results in order."""
    barrier, results = threading.Barrier(len(calls)), [None] * len(calls)

    def run(i, call):
        barrier.wait()
        try:
            results[i] = call()
        except Exception as exc:  # the caller inspects refusals
            results[i] = exc
    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results
