"""Uploads that stop half-way are refused as a whole.

Django's multipart parser drops a file whose part never ends (the connection closed mid-upload) and goes
on with the fields it has read, so a form could be saved without the file its user sent. The handler
below, last in ``FILE_UPLOAD_HANDLERS``, turns that into a ``MultiPartParserError``: Django answers 400
and the view never runs. The handlers before it have already removed their temporary file by then.
"""

from pathlib import Path

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler
from django.http.multipartparser import MultiPartParserError


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
