import { describe, expect, it } from 'vitest';
import { applyUrlPatch, readUrlState } from '../src/lib/url-state';

const defaults = { page: 1, q: '', estado: [] as string[], soloActivos: false };

describe('url state', () => {
  it('reads typed values and falls back to defaults on garbage', () => {
    const params = new URLSearchParams('page=3&q=lima&estado=ACTIVO&estado=BAJA&soloActivos=true&otro=x');
    expect(readUrlState(params, defaults, 'page')).toEqual({
      page: 3,
      q: 'lima',
      estado: ['ACTIVO', 'BAJA'],
      soloActivos: true,
    });
    expect(readUrlState(new URLSearchParams('page=abc&soloActivos=quizas'), defaults, 'page')).toEqual(defaults);
    expect(readUrlState(new URLSearchParams('page=-4'), defaults, 'page').page).toBe(1);
  });

  it('drops defaults from the URL, keeps unknown params, and resets the page when a filter changes', () => {
    const prev = new URLSearchParams('page=4&q=lima&otro=x');
    expect(applyUrlPatch(prev, defaults, { q: 'cusco' }, 'page').toString()).toBe('q=cusco&otro=x');
    expect(applyUrlPatch(prev, defaults, { page: 5 }, 'page').toString()).toBe('page=5&q=lima&otro=x');
    expect(applyUrlPatch(prev, defaults, { q: '' }, 'page').toString()).toBe('otro=x');
    expect(applyUrlPatch(prev, defaults, { q: 'lima' }, 'page').toString()).toBe('page=4&q=lima&otro=x');
    expect(applyUrlPatch(prev, defaults, { estado: ['A', 'B'] }, 'page').toString()).toBe(
      'q=lima&otro=x&estado=A&estado=B',
    );
    expect(applyUrlPatch(prev, defaults, { q: 'x' }, false).toString()).toBe('page=4&q=x&otro=x');
  });
});
