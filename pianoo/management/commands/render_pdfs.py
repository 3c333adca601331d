"""The PDF render process: renders the PDF jobs visitors' requests record (pianoo/pdf_jobs.py)."""

import os
import signal

from django.core.management.base import BaseCommand

from pianoo import pdf_jobs


class Command(BaseCommand):
    help = "Render queued PDFs at nice 19 until stopped (gunicorn.conf.py starts one beside its workers)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Stop when no job is waiting.")
        parser.add_argument(
            "--exit-with-parent",
            action="store_true",
            help="Stop when the process that started this one (gunicorn's master) is gone.",
        )

    def handle(self, *args, **options):
        stopping = []
        parent = os.getppid()

        def stop(signum, frame):
            stopping.append(signum)  # finish the render at hand, then stop

        previous = {signum: signal.signal(signum, stop) for signum in (signal.SIGTERM, signal.SIGINT)}

        def should_stop() -> bool:
            return bool(stopping) or (options["exit_with_parent"] and os.getppid() != parent)

        pdf_jobs.lower_priority()
        if not options["once"]:
            self.stdout.write(
                f"PDF-renderproces {os.getpid()} draait op nice {os.getpriority(os.PRIO_PROCESS, 0)}."
            )
        try:
            rendered = pdf_jobs.serve(should_stop, once=options["once"])
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        self.stdout.write(self.style.SUCCESS(f"{rendered} PDF's gemaakt."))
