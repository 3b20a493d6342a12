// Widgets for the PuppetDB plugin come with the widgets issue; plugin.json already
// declares their ids and slots so hosts can plan their layout.
export const widgets = []
