import type { FieldErrors } from '../../api.ts';
import type { Context } from '../../context.ts';
import { DEFAULT_USER_QUERY } from '../../rules/users-query.ts';
import type { Group, User } from '../../types.ts';
import { Latest } from '../latest.ts';
import { SearchPause } from '../search-pause.ts';
import { submitForm, type FormPort } from '../submit.ts';

/** How many matching users the dialog offers; typing more narrows them down. */
export const CANDIDATES = 10;

const PICK_ONE = 'Type a name or an e-mail address, then pick the user from the list.';

/** The users the dialog offers, or what stands in for them. */
export type Candidates =
  { idle: true } | { searching: true } | { users: User[]; more: boolean } | { error: unknown };

/** The dialog on screen: a search box, the users it found to pick from, a submit button. */
export interface AddMemberView extends FormPort {
  bind(handlers: AddMemberHandlers): void;
  showCandidates(candidates: Candidates): void;
  close(): void;
}

export interface AddMemberHandlers {
  typed: (text: string) => void;
  /** The user picked, or null when none is. */
  submit: (userId: number | null) => void;
  /** The dialog went away: a search still out is no longer wanted. */
  closed: () => void;
}

/**
 * Adds a user to a group: the person types part of a name or an e-mail address, picks one of
 * the users `GET /api/v1/users?q=` finds, and the console adds them. Adding someone who already
 * is a member succeeds too (the server answers 200), and says so.
 */
export class AddMemberController {
  private readonly latest = new Latest();
  private readonly search = new SearchPause((text) => void this.find(text));
  private candidates: User[] = [];

  constructor(
    private readonly ctx: Context,
    private readonly view: AddMemberView,
    private readonly group: Group,
    private readonly added: () => void,
  ) {
    view.bind({
      typed: (text) => this.typed(text),
      submit: (userId) => void this.submit(userId),
      closed: () => this.closed(),
    });
    view.showCandidates({ idle: true });
  }

  private typed(text: string): void {
    if (text.trim() === '') {
      this.search.cancel();
      this.latest.abort();
      this.candidates = [];
      this.view.showCandidates({ idle: true });
    } else this.search.typed(text);
  }

  private async find(text: string): Promise<void> {
    this.view.showCandidates({ searching: true });
    try {
      const query = { ...DEFAULT_USER_QUERY, q: text.trim(), per_page: CANDIDATES, sort: 'name' };
      const answer = await this.latest.run((signal) => this.ctx.client.listUsers(query, signal));
      if (!answer) return;
      const { items, meta } = answer.value;
      this.candidates = items;
      this.view.showCandidates({
        users: items,
        more: meta.total > items.length || meta.total_exact === false,
      });
    } catch (error) {
      this.candidates = [];
      this.view.showCandidates({ error });
    }
  }

  async submit(userId: number | null): Promise<void> {
    const user = this.candidates.find((u) => u.id === userId);
    const { group } = this;
    await submitForm(
      this.view,
      (): FieldErrors => (user ? {} : { search: [PICK_ONE] }),
      async () => {
        if (!user) return;
        const { added } = await this.ctx.client.addMember(group.id, user.id);
        this.view.close();
        if (added) this.ctx.notify(`Added ${user.name} to ${group.name}.`);
        else this.ctx.notify(`${user.name} already was a member of ${group.name}.`, 'info');
        this.added();
      },
    );
  }

  private closed(): void {
    this.latest.abort();
    this.search.cancel();
  }
}
