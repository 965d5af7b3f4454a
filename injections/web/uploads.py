"""A size limit on an uploaded file, applied while it arrives (the web import)."""

from django.core.files.uploadhandler import FileUploadHandler, SkipFile


class SizeLimit(FileUploadHandler):
    """Drops a file once more than `limit` bytes of it have arrived, and says so in
    `exceeded`: the rest of the request is read and thrown away, nothing of it is
    kept in memory or on disk. It goes first among the request's upload handlers,
    which it hands every chunk on to."""

    def __init__(self, request, *, limit: int):
        super().__init__(request)
        self.limit = limit
        self.received = 0
        self.exceeded = False

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self.exceeded = True
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None
