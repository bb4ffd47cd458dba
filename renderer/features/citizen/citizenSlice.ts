import { createSlice, type PayloadAction } from '@reduxjs/toolkit';
import { signOut } from '../session/sessionSlice.ts';

/** Which citizen is open: selection is UI state, the citizen's data is not kept here. */
export interface CitizenState {
  readonly openCitizenId: string | null;
}

const initialState: CitizenState = { openCitizenId: null };

export const citizenSlice = createSlice({
  name: 'citizen',
  initialState,
  reducers: {
    citizenOpened: (state, action: PayloadAction<string>) => ({
      ...state,
      openCitizenId: action.payload,
    }),
  },
  extraReducers: (builder) => {
    builder.addCase(signOut.fulfilled, () => initialState);
  },
  selectors: {
    selectOpenCitizenId: (state) => state.openCitizenId,
  },
});

export const { citizenOpened } = citizenSlice.actions;
export const { selectOpenCitizenId } = citizenSlice.selectors;
