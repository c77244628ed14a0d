// Passkeys (django-otp-webauthn): once a passkey has been added, reload the two-factor page so it lists it.
document.addEventListener("otp_webauthn.register_complete", function () {
  window.location.reload();
});
