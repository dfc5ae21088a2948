// The demo class: opens the camera like Meet/Zoom do (getUserMedia), shows it, and sends it to a
// "teacher" view through a real loopback RTCPeerConnection. Raut's hook sees this page's camera.
const joinButton = document.getElementById('join');
const cameraButton = document.getElementById('camera');
const leaveButton = document.getElementById('leave');
const stateText = document.getElementById('state');
const selfVideo = document.getElementById('self');
const teacherVideo = document.getElementById('teacher');
let stream = null;
let peers = [];

function say(text) {
  stateText.textContent = text;
}

async function connectLoopback(localStream) {
  const sender = new RTCPeerConnection();
  const receiver = new RTCPeerConnection();
  sender.onicecandidate = (e) => e.candidate && receiver.addIceCandidate(e.candidate);
  receiver.onicecandidate = (e) => e.candidate && sender.addIceCandidate(e.candidate);
  receiver.ontrack = (e) => { teacherVideo.srcObject = e.streams[0]; };
  for (const track of localStream.getTracks()) sender.addTrack(track, localStream);
  await sender.setLocalDescription(await sender.createOffer());
  await receiver.setRemoteDescription(sender.localDescription);
  await receiver.setLocalDescription(await receiver.createAnswer());
  await sender.setRemoteDescription(receiver.localDescription);
  peers = [sender, receiver];
}

async function join() {
  joinButton.disabled = true;
  say('Opening your camera…');
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 }, audio: false });
  } catch (error) {
    say(`Could not open the camera: ${error.name}. Allow the camera to join with video.`);
    joinButton.disabled = false;
    return;
  }
  selfVideo.srcObject = stream;
  await connectLoopback(stream).catch((error) => console.warn('loopback failed', error));
  cameraButton.disabled = false;
  leaveButton.disabled = false;
  cameraButton.textContent = 'Turn camera off';
  cameraButton.setAttribute('aria-pressed', 'false');
  say('In the class, camera on.');
}

function toggleCamera() {
  const track = stream?.getVideoTracks()[0];
  if (!track) return;
  track.enabled = !track.enabled;
  cameraButton.textContent = track.enabled ? 'Turn camera off' : 'Turn camera on';
  cameraButton.setAttribute('aria-pressed', String(!track.enabled));
  say(track.enabled ? 'In the class, camera on.' : 'In the class, camera off.');
}

function leave() {
  for (const track of stream?.getTracks() ?? []) track.stop();
  for (const peer of peers) peer.close();
  stream = null;
  peers = [];
  selfVideo.srcObject = null;
  teacherVideo.srcObject = null;
  joinButton.disabled = false;
  cameraButton.disabled = true;
  leaveButton.disabled = true;
  say('You left the class.');
}

joinButton.addEventListener('click', join);
cameraButton.addEventListener('click', toggleCamera);
leaveButton.addEventListener('click', leave);
// ?autojoin opens the camera at once (npm run demo and the end-to-end tests use it).
if (new URLSearchParams(location.search).has('autojoin')) void join();
