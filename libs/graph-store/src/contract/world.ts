import { newId } from '@homeward/domain';
import type { StateStores, WriteMeta } from '../port';

/**
 * A fresh agency, an investigator of it and a way to open cases led by it, with
 * fresh ids each time: contract tests never share data or depend on order.
 */
export async function contractWorld(s: StateStores, opts: { agencyName: string; source: string; referencePrefix: string }) {
  const agency = await s.accounts.createAgency({ id: newId('agy'), name: opts.agencyName, country: 'GT', kind: 'LAW_ENFORCEMENT' });
  const user = await s.accounts.createUser({
    id: newId('usr'),
    email: `${newId('u')}@test.local`,
    displayName: 'Test User',
    role: 'INVESTIGATOR',
    agencyId: agency.id,
    passwordHash: 'x',
  });
  const mkCase = (title: string) =>
    s.cases.createCase({
      id: newId('case'),
      reference: `${opts.referencePrefix}-${newId('r')}`,
      title,
      category: 'NON_FAMILY_ABDUCTION',
      status: 'OPEN',
      riskLevel: 'HIGH',
      country: 'GT',
      reportedAt: new Date().toISOString(),
      lastSeenAt: null,
      leadAgencyId: agency.id,
      createdBy: user.id,
    });
  const meta: WriteMeta = { actorId: user.id, source: opts.source, reliability: 'B' };
  return { agency, user, mkCase, meta };
}
