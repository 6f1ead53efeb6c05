from .image import normalize_photo
