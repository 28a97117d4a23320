import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { bufferedSegment } from './area';
import { capDigest, capTime, capXml, xmlEscape, type CapMessage } from './cap';
import { capConformance, parseXml } from './cap-conformance';

const photo = Buffer.from('not really a jpeg, but bytes all the same');

function message(over: Partial<CapMessage> = {}): CapMessage {
  return {
    identifier: 'homeward-GT-2026-0001-1',
    sender: 'alerts@homeward.example',
    sent: capTime(new Date('2026-11-21T14:00:00.123Z')),
    status: 'Actual',
    msgType: 'Alert',
    scope: 'Public',
    references: [],
    infos: ['en', 'es'].map((language) => ({
      language,
      categories: ['Rescue'],
      event: 'Missing child',
      urgency: 'Immediate',
      severity: 'Severe',
      certainty: 'Likely',
      headline: 'Missing child: Ana <"Anita"> & co',
      description: 'Line one\nLine two',
      instruction: 'Call 110',
      contact: '110',
      resources: [
        {
          resourceDesc: 'Photo of the child',
          mimeType: 'image/jpeg',
          size: photo.length,
          uri: 'https://homeward.example/p/1',
          digest: capDigest(photo),
        },
      ],
      areas: [
        {
          areaDesc: '35 km around Tecún Umán',
          circles: [{ lat: 14.677, lon: -92.139, radiusKm: 35 }],
          polygons: [bufferedSegment({ lat: 14.6, lon: -90.5 }, { lat: 14.7, lon: -92.1 }, 5)],
        },
      ],
    })),
    ...over,
  };
}

describe('CAP 1.2', () => {
  it('formats times with a numeric offset, UTC as -00:00, no fractions', () => {
    expect(capTime(new Date('2026-11-21T14:00:00.123Z'))).toBe('2026-11-21T14:00:00-00:00');
    expect(capTime(new Date('2026-11-21T14:00:00Z'), -360)).toBe('2026-11-21T08:00:00-06:00');
    expect(capTime(new Date('2026-11-21T14:00:00Z'), 330)).toBe('2026-11-21T19:30:00+05:30');
  });

  it('digest is the SHA-1 of the resource', () => {
    expect(capDigest(photo)).toBe(createHash('sha1').update(photo).digest('hex'));
    expect(capDigest(photo)).toMatch(/^[0-9a-f]{40}$/);
  });

  it('an Alert conforms, with one info per language, and escapes text', () => {
    const xml = capXml(message());
    expect(capConformance(xml)).toEqual([]);
    const root = parseXml(xml);
    const infos = root.children.filter((c) => c.name === 'info');
    expect(infos.map((i) => i.children.find((c) => c.name === 'language')!.text)).toEqual(['en', 'es']);
    expect(infos[0].children.find((c) => c.name === 'headline')!.text).toBe('Missing child: Ana <"Anita"> & co');
    expect(xml).toContain('&lt;&quot;Anita&quot;&gt; &amp; co');
  });

  it('an Update and a Cancel reference the first message as sender,identifier,sent', () => {
    const first = message();
    const ref = { sender: first.sender, identifier: first.identifier, sent: first.sent };
    for (const msgType of ['Update', 'Cancel'] as const) {
      const xml = capXml(message({ identifier: `x-${msgType}`, msgType, references: [ref] }));
      expect(capConformance(xml)).toEqual([]);
      expect(xml).toContain(`<references>alerts@homeward.example,homeward-GT-2026-0001-1,2026-11-21T14:00:00-00:00</references>`);
    }
    expect(() => capXml(message({ msgType: 'Cancel' }))).toThrow(/^references:/);
  });

  it('the builder refuses identifiers CAP forbids and open polygons', () => {
    expect(() => capXml(message({ identifier: 'has space' }))).toThrow(/^identifier:/);
    const open = message();
    const bad = {
      ...open,
      infos: [
        {
          ...open.infos[0],
          areas: [
            {
              areaDesc: 'x',
              circles: [],
              polygons: [
                [
                  { lat: 1, lon: 1 },
                  { lat: 2, lon: 2 },
                  { lat: 3, lon: 1 },
                  { lat: 1, lon: 2 },
                ],
              ],
            },
          ],
        },
      ],
    };
    expect(() => capXml(bad)).toThrow(/closed|first and last/);
  });

  it('xmlEscape drops characters XML cannot carry', () => {
    expect(xmlEscape('a\u0001b\u0007c')).toBe('abc');
  });
});

describe('the conformance checker itself finds what breaks CAP 1.2', () => {
  const good = capXml(message());
  const cases: Array<[string, string, RegExp]> = [
    ['missing sender', good.replace(/<sender>.*<\/sender>\n/, ''), /<sender> is required/],
    ['a Z time', good.replace('2026-11-21T14:00:00-00:00', '2026-11-21T14:00:00Z'), /sent: .* is not a CAP date-time/],
    ['fractional seconds', good.replace('2026-11-21T14:00:00-00:00', '2026-11-21T14:00:00.123-00:00'), /sent/],
    ['unknown status', good.replace('<status>Actual</status>', '<status>Real</status>'), /status: "Real"/],
    [
      'out of order',
      good.replace(/<status>Actual<\/status>\n\s*<msgType>Alert<\/msgType>/, '<msgType>Alert</msgType>\n  <status>Actual</status>'),
      /unexpected here|required/,
    ],
    ['no category', good.replace(/<category>Rescue<\/category>\n/g, ''), /<category> is required/],
    ['bad urgency', good.replace(/<urgency>Immediate<\/urgency>/g, '<urgency>Now</urgency>'), /urgency/],
    ['bad circle', good.replace(/<circle>(\S+) 35<\/circle>/g, '<circle>$1</circle>'), /circle/],
    ['short polygon', good.replace(/<polygon>[^<]*<\/polygon>/g, '<polygon>1,1 2,2 1,1</polygon>'), /at least 4/],
    ['open polygon', good.replace(/<polygon>[^<]*<\/polygon>/g, '<polygon>1,1 2,2 3,1 1,2</polygon>'), /closed/],
    ['bad digest', good.replace(/<digest>[^<]*<\/digest>/g, '<digest>abc</digest>'), /SHA-1/],
    ['resource without mimeType', good.replace(/<mimeType>[^<]*<\/mimeType>\n/g, ''), /<mimeType> is required/],
    ['Update without references', good.replace('<msgType>Alert</msgType>', '<msgType>Update</msgType>'), /references/],
    ['wrong namespace', good.replace('cap:1.2', 'cap:1.1'), /namespace/],
    ['unescaped ampersand', good.replace('&amp; co', '& co'), /well-formed|entity/],
    ['area without areaDesc', good.replace(/<areaDesc>[^<]*<\/areaDesc>\n/g, ''), /<areaDesc> is required/],
  ];
  it.each(cases)('%s', (_name, xml, problem) => {
    expect(xml).not.toBe(good);
    const problems = capConformance(xml);
    expect(problems.join('\n')).toMatch(problem);
  });
});
