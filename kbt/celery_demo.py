"""A quick stop for the demo's worker (`make run`), which honcho kills if it is still running 5 s after
Ctrl-C (issue 20).

Two things held it up, measured on the demo with nothing to do: kombu's embedded (filesystem) broker is
polled, and Celery's loop looks at a stop request only between polls, up to 2 s apart (3 s measured);
then Python's teardown of everything the worker imported takes another 1.1 to 1.5 s on a busy machine.
So, with the embedded broker only:
- a stop request that finds the worker asleep between two polls, with no task running, stops it there,
  through the same WorkerShutdown as Celery's own check (nothing is half-read: the frame is the sleep);
- once the worker has shut down cleanly, the process exits without Python's teardown, after flushing its
  logs. A running task is still finished first, as in any warm shutdown.
Beat, too, exits without the teardown once it has saved its schedule (1.5 to 3.4 s before, measured).
The demo worker also says when it is ready, in var/worker.ready, so the sign-ins are printed after it
(kbt/demo/sign_ins.py).
Production's Redis broker uses Celery's event loop and none of this applies."""

import atexit
import logging
import os
import signal
import sys

from celery import signals
from celery.exceptions import WorkerShutdown


def embedded_broker(app) -> bool:
    return str(app.conf.broker_url or "").startswith("filesystem")


@signals.worker_ready.connect
def stop_at_once_when_idle(sender, **kwargs):
    """Wrap Celery's own SIGTERM and SIGINT handlers (which say "Warm shutdown" and set the stop flag)."""
    if not embedded_broker(sender.app):
        return
    from celery.worker import state
    from kombu.transport.virtual.base import Transport

    polling = Transport.drain_events.__code__
    for signum in (signal.SIGTERM, signal.SIGINT):
        celery_handler = signal.getsignal(signum)
        if not callable(celery_handler):
            continue

        def handler(number, frame, celery_handler=celery_handler):
            celery_handler(number, frame)
            if frame is not None and frame.f_code is polling and not state.active_requests:
                raise WorkerShutdown(0)

        signal.signal(signum, handler)


@signals.worker_ready.connect
def say_ready(sender, **kwargs):
    if embedded_broker(sender.app):
        from kbt.demo.sign_ins import worker_ready_file

        worker_ready_file().write_text(str(os.getpid()))


@signals.worker_shutdown.connect
def exit_without_teardown(sender, **kwargs):
    """Celery sends this once the worker has stopped: its tasks finished, the broker connection closed."""
    if not embedded_broker(sender.app):
        return
    from kbt.demo.sign_ins import worker_ready_file

    worker_ready_file().unlink(missing_ok=True)
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(sender.exitcode or 0)


@signals.beat_init.connect
def beat_exits_without_teardown(sender, **kwargs):
    """Beat saves its schedule as it stops (in Service.start's `finally`), before Python's exit handlers
    run; this one, registered last, runs first: flush the logs and leave."""
    if embedded_broker(sender.app):
        atexit.register(_exit_now)


def _exit_now():
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)
