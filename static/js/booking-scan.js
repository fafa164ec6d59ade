// Kiosk check-in: scan the booking QR with the camera where the browser offers BarcodeDetector
// (typing the code always works); a read code is put in the field and the form is sent.
(function () {
  "use strict";
  var start = document.querySelector("[data-scan-start]");
  var video = document.querySelector("[data-scan-camera]");
  var input = document.getElementById("code");
  if (!start || !video || !input || !("BarcodeDetector" in window) || !navigator.mediaDevices) return;
  start.hidden = false;
  start.addEventListener("click", function () {
    var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "user" } }).then(function (stream) {
      video.srcObject = stream;
      video.hidden = false;
      video.play();
      var look = function () {
        detector.detect(video).then(function (codes) {
          if (codes.length) {
            stream.getTracks().forEach(function (track) { track.stop(); });
            input.value = codes[0].rawValue;
            input.form.submit();
          } else {
            window.setTimeout(look, 300);
          }
        }).catch(function () { window.setTimeout(look, 500); });
      };
      look();
    }).catch(function () { start.hidden = true; });
  });
})();
