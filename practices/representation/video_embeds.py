"""A training video's URL on YouTube or Vimeo as a privacy-enhanced player to embed, with deep links to a moment.

Known from the URL alone, without asking the platform (the site makes no outgoing requests when it renders a
page): YouTube plays from youtube-nocookie.com, which sets no cookies until the reader presses play; Vimeo's player
gets ``dnt=1`` (do not track). Any other URL is not embedded; the page links to it.
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "youtube-nocookie.com", "www.youtube-nocookie.com"}
VIMEO_HOSTS = {"vimeo.com", "www.vimeo.com", "player.vimeo.com"}
YOUTUBE_ID = re.compile(r"^[\w-]{1,64}$")
YOUTUBE_PATH_PREFIXES = ("embed", "shorts", "live", "v")


@dataclass(frozen=True)
class EmbeddedVideo:
    """A video on a platform: ``provider`` is "youtube" or "vimeo"."""

    provider: str
    video_id: str

    @property
    def embed_url(self):
        if self.provider == "youtube":
            return f"https://www.youtube-nocookie.com/embed/{self.video_id}"
        return f"https://player.vimeo.com/video/{self.video_id}?dnt=1"

    @property
    def thumbnail_url(self):
        """YouTube's still of the video (a fixed URL per video); Vimeo's needs its API, so none."""
        if self.provider == "youtube":
            return f"https://i.ytimg.com/vi/{self.video_id}/hqdefault.jpg"
        return None

    def embed_url_at(self, seconds):
        """The player starting at ``seconds``, for the chapter links' script to load into the frame."""
        if self.provider == "youtube":
            return f"{self.embed_url}?start={seconds}&autoplay=1"
        return f"{self.embed_url}&autoplay=1#t={seconds}s"

    def watch_url_at(self, seconds):
        """The video's page on its platform at ``seconds``: what a chapter link opens without JavaScript."""
        if self.provider == "youtube":
            return f"https://www.youtube.com/watch?v={self.video_id}&t={seconds}s"
        return f"https://vimeo.com/{self.video_id}#t={seconds}s"


def embedded_video(url):
    """The EmbeddedVideo a YouTube or Vimeo URL shows, or None for any other (or malformed) URL."""
    try:
        parts = urlsplit(url or "")
        host = (parts.hostname or "").lower()
    except ValueError:
        return None
    segments = [segment for segment in parts.path.split("/") if segment]
    if host in YOUTUBE_HOSTS:
        candidates = parse_qs(parts.query).get("v", [])
        if len(segments) == 2 and segments[0] in YOUTUBE_PATH_PREFIXES:
            candidates = [segments[1]]
    elif host == "youtu.be":
        candidates = segments[:1]
    elif host in VIMEO_HOSTS:
        numeric = [segment for segment in segments if segment.isdigit()]
        return EmbeddedVideo("vimeo", numeric[0]) if numeric else None
    else:
        return None
    video_id = candidates[0] if candidates else ""
    return EmbeddedVideo("youtube", video_id) if YOUTUBE_ID.match(video_id) else None
