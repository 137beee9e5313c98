/** Entry of the lazily loaded `ccw-livekit.js` file in the script-tag build: livekit-client, whole. */
export * from 'livekit-client';
