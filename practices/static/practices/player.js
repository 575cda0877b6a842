// Embedded players on detail pages. A platform's player (a training video's, or a video embedded in a story) is
// loaded only when the reader presses its "Load the video" button (or, on a video page, a chapter): until then the
// page makes no request to the platform. Chapter links: without this script each opens the video at that moment (on
// its platform, or the uploaded file with #t=); with it, the player on the page jumps there instead.
function loadEmbeddedPlayer(consent, url) {
  const player = document.createElement("iframe");
  // Only a training video's own player is #player, the one its chapters drive; a story's videos stay anonymous.
  if (!consent.closest(".player--story")) player.id = "player";
  player.src = url;
  player.title = consent.dataset.title;
  player.width = "960";
  player.height = "540";
  player.allow = "encrypted-media; fullscreen; picture-in-picture";
  player.allowFullscreen = true;
  player.referrerPolicy = "strict-origin-when-cross-origin";
  consent.replaceWith(player);
  return player;
}

document.addEventListener("click", (event) => {
  const button = event.target.closest(".player-load");
  if (button) {
    const consent = button.closest(".player-consent");
    loadEmbeddedPlayer(consent, consent.dataset.embedUrl).focus();
    return;
  }
  const link = event.target.closest(".chapters a[data-start]");
  if (!link) return;
  const consent = document.querySelector(".player:not(.player--story) .player-consent");
  if (consent) {
    event.preventDefault();
    loadEmbeddedPlayer(consent, link.dataset.playerUrl).focus();
    return;
  }
  const player = document.getElementById("player");
  if (!player) return;
  event.preventDefault();
  if (player instanceof HTMLVideoElement) {
    player.currentTime = Number(link.dataset.start);
    player.play();
  } else {
    player.src = link.dataset.playerUrl;
  }
  player.focus();
});
