import type { Table } from '../../shared/table/client';
import { createCouncilRepository } from '../../shared/table/councils';
import { createUserRepository } from '../../shared/table/users';
import { seedDemoApplications } from './demo-applications';
import { seedDemoCatalogue } from './demo-catalogue';
import { seedDemoCheckout } from './demo-checkout';
import { demoCouncils, demoUsers } from './demo-data';

/**
 * Adds whatever demo data is missing; running it twice changes nothing the second time. Tests
 * that make their own activities leave the demo catalogue out (`catalogue: false`): it is forty
 * activities published through the service, several seconds a table.
 */
export async function seedDemoData(
  table: Table,
  options: { catalogue?: boolean } = {},
): Promise<{ added: number; alreadyThere: number }> {
  const councils = createCouncilRepository(table);
  const users = createUserRepository(table);
  const results = await Promise.all([
    ...demoCouncils.map((council) => councils.add(council)),
    ...demoUsers.map((user) => users.add(user)),
  ]);
  results.push(...(await seedDemoApplications(table)));
  if (options.catalogue ?? true) results.push(...(await seedDemoCatalogue(table)));
  results.push(...(await seedDemoCheckout(table)));
  const added = results.filter(Boolean).length;
  return { added, alreadyThere: results.length - added };
}
