/* Service standard form: the amount field only matters when the service is paid. */
(function () {
  var amount = document.getElementById("fee");
  var radios = document.querySelectorAll('input[name="fee_kind"]');
  if (!amount || !radios.length) { return; }
  function sync() {
    var paid = document.querySelector('input[name="fee_kind"]:checked');
    var isPaid = paid && paid.value === "paid";
    amount.readOnly = !isPaid;
    amount.classList.toggle("bg-body-secondary", !isPaid);
    if (!isPaid) { amount.value = ""; }
  }
  radios.forEach(function (radio) { radio.addEventListener("change", sync); });
  sync();
})();
