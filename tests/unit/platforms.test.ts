// classTitle and currentClassInfo read `document` and `location`; they are covered by the
// end-to-end tests. platformOf and cleanTitle are pure.
import { describe, expect, it } from 'vitest';
import { DEMO_PATH_PREFIX, cleanTitle, platformOf } from '../../src/content/platforms';

const of = (url: string) => platformOf(new URL(url));

describe('platformOf', () => {
  it('recognises Google Meet by its host only', () => {
    expect(of('https://meet.google.com/abc-defg-hij')).toBe('meet');
    expect(of('https://meet.google.com/')).toBe('meet');
    // Look-alike hosts are not Meet (they fall to the https default).
    expect(of('https://meet.google.com.example.org/abc')).toBe('bbb');
  });

  it('recognises the Zoom web client (/wc/) on zoom.us and its subdomains', () => {
    expect(of('https://app.zoom.us/wc/123456789/join')).toBe('zoom');
    expect(of('https://us02web.zoom.us/wc/join/123456789')).toBe('zoom');
    expect(of('https://zoom.us/wc/123/start')).toBe('zoom');
    // Not zoom.us: a host that merely ends in "zoom.us" or contains it.
    expect(of('https://evilzoom.us/wc/123/join')).toBe('bbb');
    expect(of('https://zoom.us.example.org/wc/123/join')).toBe('bbb');
  });

  it('does not take a Zoom page outside the web client for a class (nor for BigBlueButton)', () => {
    // The launch page /j/… and the account pages are not the web client: Raut does not analyse
    // there, and they are certainly not BigBlueButton.
    expect(of('https://us02web.zoom.us/j/123456789')).toBeNull();
    expect(of('https://zoom.us/profile')).toBeNull();
  });

  it('recognises the demo class on localhost and 127.0.0.1 only under the demo path', () => {
    expect(DEMO_PATH_PREFIX).toBe('/raut-demo/');
    expect(of('http://localhost/raut-demo/')).toBe('demo');
    expect(of('http://localhost:5173/raut-demo/class.html?x=1')).toBe('demo');
    expect(of('http://127.0.0.1:8080/raut-demo/index.html')).toBe('demo');
    expect(of('http://localhost/raut-demo')).toBeNull(); // no trailing slash: not under the prefix
    expect(of('http://localhost/other/')).toBeNull();
    expect(of('http://localhost/x/raut-demo/')).toBeNull();
    expect(of('http://127.0.0.2/raut-demo/')).toBeNull();
    expect(of('http://[::1]/raut-demo/')).toBeNull();
    expect(of('http://example.com/raut-demo/')).toBeNull();
    expect(of('http://localhost.example.com/raut-demo/')).toBeNull();
  });

  it('treats any other https page as BigBlueButton/Moodle (hosts the user granted)', () => {
    expect(of('https://bbb.school.id/html5client/join?sessionToken=abc')).toBe('bbb');
    expect(of('https://demo.bigbluebutton.org/rooms/abc/join')).toBe('bbb');
    expect(of('https://moodle.kampus.ac.id/mod/bigbluebuttonbn/view.php?id=7')).toBe('bbb');
  });

  it('returns null for non-loopback http and for other schemes', () => {
    expect(of('http://bbb.school.id/html5client/join')).toBeNull();
    expect(of('http://meet.example.org/')).toBeNull();
    expect(of('file:///home/student/class.html')).toBeNull();
    expect(of('chrome-extension://abcdefghijklmnop/src/popup/popup.html')).toBeNull();
    expect(of('data:text/html,hello')).toBeNull();
  });
});

describe('cleanTitle', () => {
  it('strips the Meet prefix', () => {
    expect(cleanTitle('Meet - abc-defg-hij')).toBe('abc-defg-hij');
    expect(cleanTitle('Google Meet – Weekly maths')).toBe('Weekly maths');
    expect(cleanTitle('meet: Biology')).toBe('Biology');
  });

  it('strips a platform suffix', () => {
    expect(cleanTitle('Maths 7B | BigBlueButton')).toBe('Maths 7B');
    expect(cleanTitle('Physics - Zoom')).toBe('Physics');
    expect(cleanTitle('Course: Algebra — Moodle')).toBe('Course: Algebra');
    expect(cleanTitle('History|bigbluebutton')).toBe('History');
  });

  it('strips both and trims', () => {
    // document.title is already whitespace-stripped by the browser.
    expect(cleanTitle('Meet - Chemistry | Zoom')).toBe('Chemistry');
    expect(cleanTitle('Meet -   Chemistry   ')).toBe('Chemistry');
  });

  it('leaves titles that only look similar', () => {
    expect(cleanTitle('Meeting notes - week 3')).toBe('Meeting notes - week 3');
    expect(cleanTitle('Meet')).toBe('Meet');
    expect(cleanTitle('BigBlueButton')).toBe('BigBlueButton');
    expect(cleanTitle('Zoom lens physics')).toBe('Zoom lens physics');
    expect(cleanTitle('Maths | BigBlueButton rooms')).toBe('Maths | BigBlueButton rooms');
  });

  it('may return an empty string for a title that is only the platform prefix', () => {
    expect(cleanTitle('Meet - ')).toBe('');
    expect(cleanTitle('')).toBe('');
  });
});
