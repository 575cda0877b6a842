// Chapter links of a training video page: without this script each opens the video at that moment (on its
// platform, or the uploaded file with #t=); with it, the player on the page jumps there instead.
document.addEventListener("click", (event) => {
  const link = event.target.closest(".chapters a[data-start]");
  const player = document.getElementById("player");
  if (!link || !player) return;
  event.preventDefault();
  if (player instanceof HTMLVideoElement) {
    player.currentTime = Number(link.dataset.start);
    player.play();
  } else {
    player.src = link.dataset.playerUrl;
  }
  player.focus();
});
