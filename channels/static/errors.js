"use strict";

// Shared by the login and chat pages. The service always answers errors as
// {"error": {"code", "message_fr", "message_en"}}; message_fr is written for the student,
// so it is shown as is, with a fallback when the body is not what we expect.
async function errorMessage(response, fallback) {
  try {
    const body = await response.json();
    return (body && body.error && body.error.message_fr) || fallback;
  } catch (e) {
    return fallback;
  }
}
