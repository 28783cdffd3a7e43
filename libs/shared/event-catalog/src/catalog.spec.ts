import { resolve } from 'node:path';
import { Parser } from '@asyncapi/parser';
import Ajv from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { cloudEventType } from '@tandem/kernel';
import { ALL_CONTRACTS, keyField, renderedCatalogFiles, staleFiles } from './index';

const DOCS = resolve(__dirname, '../../../../docs/events');

describe('the published event catalogue', () => {
  it('is what is committed under docs/events (run `npm run contracts` after changing a contract)', () => {
    expect(staleFiles(renderedCatalogFiles(), DOCS)).toEqual([]);
  });

  it('goes stale when a contract changes without it', () => {
    const [first, ...rest] = ALL_CONTRACTS;
    const changed = { ...first, schema: { ...first.schema, description: `${String(first.schema.description)} (edited)` } };
    expect(staleFiles(renderedCatalogFiles([changed, ...rest]), DOCS)).toEqual(
      expect.arrayContaining([`${first.context}/${first.name}.v${first.version}.json`, 'asyncapi.json', 'README.md']),
    );
  });

  it('has an example of every event that its own schema accepts', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    const invalid = ALL_CONTRACTS.filter((c) => !ajv.validate(c.schema, c.example)).map((c) => `${cloudEventType(c)}: ${ajv.errorsText()}`);
    expect(invalid).toEqual([]);
  });

  it('names the payload field behind every Kafka key, as the code keys it today', () => {
    const keys = Object.fromEntries(ALL_CONTRACTS.map((c) => [cloudEventType(c), keyField(c)]));
    // Session tracking keys by pairing, awards by person (one person's awards in order), competitions by competition
    // (a tenant-wide one has no program), the rest by program.
    const expected = (type: string) =>
      type.startsWith('tandem.session-tracking.') ? 'pairingId'
      : /\.(BadgeAwarded|AwardAmended|AwardFlagged|BadgeRevoked|CredentialIssued|CredentialRevoked)\./.test(type) ? 'personId'
      : /\.(CompetitionOpened|NominationSubmitted|VotingOpened|CompetitionClosed)\./.test(type) ? 'competitionId'
      : 'programId';
    for (const [type, field] of Object.entries(keys)) expect([type, field]).toEqual([type, expected(type)]);
  });

  it('is a valid AsyncAPI document, checked offline by the AsyncAPI parser', async () => {
    const document = JSON.parse(renderedCatalogFiles().get('asyncapi.json')!);
    const { document: parsed, diagnostics } = await new Parser().parse(document);
    const errors = diagnostics.filter((d) => d.severity === 0).map((d) => `${d.code} ${d.message} at ${d.path.join('.')}`);
    expect(errors).toEqual([]);
    expect(parsed).toBeDefined();
    // Every event type is a message of the channel of its topic, with its key and an example.
    const byType = new Map(
      parsed!.channels().all().flatMap((channel) => channel.messages().all().map((m) => [m.name(), { topic: channel.address(), message: m }] as const)),
    );
    expect([...byType.keys()].sort()).toEqual(ALL_CONTRACTS.map(cloudEventType).sort());
    for (const contract of ALL_CONTRACTS) {
      const { topic, message } = byType.get(cloudEventType(contract))!;
      expect(topic).toBe(contract.topic);
      expect(message.bindings().get('kafka')?.value().key.description).toBe(`The payload's ${keyField(contract)}.`);
      expect(message.examples().all()[0].payload()).toEqual(contract.example);
    }
    // The parser does not check examples: every example's headers and payload against the document's own schemas.
    const draft07 = new Ajv({ allErrors: true, strict: false });
    addFormats(draft07);
    const wrong = Object.values<any>(document.components.messages).flatMap((m) =>
      (['headers', 'payload'] as const)
        // The schema as the root of a document that holds `components`, which its hoisted `$ref`s point into.
        .filter((part) => !draft07.validate({ ...m[part].schema, components: { schemas: document.components.schemas } }, m.examples[0][part]))
        .map((part) => `${m.name} example ${part}: ${draft07.errorsText()}`),
    );
    expect(wrong).toEqual([]);
  }, 60_000);
});
