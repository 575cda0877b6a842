// A JavaScript partner's sync of the practices, typed from the feed's served schema by openapi-typescript
// (./feed.d.ts, generated in the test run) and run through openapi-fetch. The test only type-checks it
// (tsc --noEmit --strict): a schema change that would break such a partner fails the build.
import createClient from "openapi-fetch";
import type { components, paths } from "./feed";

type Practice = components["schemas"]["GoodPractice"];
type Change = components["schemas"]["ChangeRecord"];

const client = createClient<paths>({ baseUrl: "https://hub.example.org" });
const copy = new Map<string, Practice>();

const keyOf = (item: { translation_key: string; locale: string }): string => `${item.translation_key}/${item.locale}`;

function queryValue(url: string | null, name: string): string | undefined {
  return url === null ? undefined : (new URL(url).searchParams.get(name) ?? undefined);
}

// Head first, then every page of the list: nothing published during the copy is missed.
export async function copyPractices(): Promise<string> {
  const head = await client.GET("/api/feed/v1/changes/head/");
  if (head.data === undefined) throw new Error(JSON.stringify(head.error));
  let cursor: string | undefined;
  do {
    const { data, error } = await client.GET("/api/feed/v1/practices/", {
      params: { query: { page_size: 100, cursor, locale: "cs" } },
    });
    if (data === undefined) throw new Error(JSON.stringify(error));
    for (const practice of data.results) copy.set(keyOf(practice), practice);
    cursor = queryValue(data.next, "cursor");
  } while (cursor !== undefined);
  return head.data.cursor;
}

async function apply(change: Change): Promise<void> {
  if (change.api_url === null) {
    copy.delete(keyOf(change)); // a tombstone: unpublished or deleted
    return;
  }
  if (change.type !== "practice") return;
  const { data } = await client.GET("/api/feed/v1/practices/{id}/", { params: { path: { id: String(change.id) } } });
  if (data !== undefined) copy.set(keyOf(data), data);
}

// Replay the log from a cursor; returns the cursor to poll from next time.
export async function replay(since: string): Promise<string> {
  let hasMore = true;
  while (hasMore) {
    const { data, error } = await client.GET("/api/feed/v1/changes/", { params: { query: { since, limit: 1000 } } });
    if (data === undefined) throw new Error(JSON.stringify(error));
    for (const change of data.results) await apply(change);
    since = queryValue(data.next, "since") ?? since;
    hasMore = data.has_more;
  }
  return since;
}

// What a partner's page shows: the nullable fields must be handled as nullable.
export function summary(practice: Practice): string {
  const budget = practice.budget === null ? "" : ` · ${practice.budget.amount} ${practice.budget.currency}`;
  const country = practice.country === null ? "" : ` · ${practice.country.name}`;
  const lead = practice.lead_organisation?.name ?? "";
  const dates = [practice.start_date, practice.end_date].filter((date): date is string => date !== null).join("–");
  return `${practice.title}${country}${budget} ${lead} ${dates}`.trim();
}
