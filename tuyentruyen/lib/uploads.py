"""Uploads that stop half-way are refused as a whole, and a full disk is not a crash.

Django's multipart parser drops a file whose part never ends (the connection closed mid-upload) and goes
on with the fields it has read, so a form could be saved without the file its user sent. The handler
``RefuseInterruptedUploadHandler``, last in ``FILE_UPLOAD_HANDLERS``, turns that into a
``MultiPartParserError``: Django answers 400 and the view never runs. The handlers before it have already
removed their temporary file by then.

A large upload is spooled to a temporary file; when the disk is full Django's handler fails the whole
request (a 500, and the text the user typed is lost). ``TemporaryFileUploadHandler`` below drops the file
instead and leaves a ``DiskFullUpload`` in its place, which the code that stores files refuses with a
Vietnamese message while the form is shown again with what was typed.
"""

import os
from io import BytesIO
from pathlib import Path

from django.conf import settings
from django.core.files import uploadhandler
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.http.multipartparser import MultiPartParserError

from tuyentruyen.lib.files import DISK_FULL_ERRNOS


class DiskFullUpload(UploadedFile):
    """Stands for a file the server had no room to receive. ``disk_full`` tells the code storing it."""

    disk_full = True

    def __init__(self, name, content_type, size, charset=None):
        super().__init__(BytesIO(), name, content_type, size, charset)


class TemporaryFileUploadHandler(uploadhandler.TemporaryFileUploadHandler):
    def new_file(self, *args, **kwargs):
        self.disk_full = False
        try:
            super().new_file(*args, **kwargs)
        except OSError as exc:
            if exc.errno not in DISK_FULL_ERRNOS:
                raise
            self.disk_full = True

    def receive_data_chunk(self, raw_data, start):
        if self.disk_full:
            return None
        try:
            self.file.write(raw_data)
        except OSError as exc:
            if exc.errno not in DISK_FULL_ERRNOS:
                raise
            self.disk_full = True
            self._discard()
        return None

    def file_complete(self, file_size):
        if self.disk_full:
            return DiskFullUpload(self.file_name, self.content_type, max(file_size, 1), self.charset)
        return super().file_complete(file_size)

    def _discard(self):
        path = self.file.temporary_file_path()
        try:
            self.file.close()
        except OSError:
            pass  # flushing the last buffer fails on the same full disk
        try:
            os.remove(path)
        except FileNotFoundError:
            pass


class UploadInterrupted(MultiPartParserError):
    pass


class RefuseInterruptedUploadHandler(FileUploadHandler):
    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        # temporary uploads go under VAR_DIR, where the daily sweep can find what a killed worker left
        Path(settings.FILE_UPLOAD_TEMP_DIR).mkdir(parents=True, exist_ok=True)

    def receive_data_chunk(self, raw_data, start):
        return raw_data

    def file_complete(self, file_size):
        return None

    def upload_interrupted(self):
        raise UploadInterrupted("The request body ended inside a file part.")
